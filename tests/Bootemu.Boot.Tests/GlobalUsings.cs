global using Bootemu.Core.Mm;
