// The machine's parts, one namespace per folder, used throughout the project.
global using Bootemu.Machine.CommandLine;
global using Bootemu.Machine.E820;
global using Bootemu.Machine.Fixtures;
global using Bootemu.Machine.Logs;
