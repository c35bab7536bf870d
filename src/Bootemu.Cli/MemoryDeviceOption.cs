using Bootemu.Core;
using Bootemu.Machine;

namespace Bootemu.Cli;

/// <summary>
/// <c>--memory-device base=0x180000000,size=1G[,node=1]</c>: an ACPI memory device present at boot, as the fixture key
/// <c>memory_devices:</c> gives one. Sizes take the kernel's suffixes (K, M, G, T, P, E).
/// </summary>
internal static class MemoryDeviceOption
{
    public const string Name = "--memory-device";

    public static MemoryDevice Parse(string text)
    {
        ulong? @base = null, size = null;
        int? node = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq], value = eq < 0 ? "" : part[(eq + 1)..];
            string where = $"{Name} {InputText.Quote(text)}";
            switch (key)
            {
                case "base": @base = SizeParser.Parse(value, where); break;
                case "size": size = SizeParser.Parse(value, where); break;
                case "node":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
                        || n >= Core.Mm.NumaNodes.MaxNumNodes)
                        throw new InputException(where, $"node must be a node id below {Core.Mm.NumaNodes.MaxNumNodes}, not {InputText.Quote(value)}");
                    node = n;
                    break;
                default:
                    throw new InputException(where, $"unknown field {InputText.Quote(key)} (expected base=, size= and optionally node=)");
            }
        }
        if (@base is not { } b || size is not { } s)
            throw new InputException($"{Name} {InputText.Quote(text)}", "needs base= and size=");
        if (s == 0 || s > ulong.MaxValue - b)
            throw new InputException($"{Name} {InputText.Quote(text)}", $"base 0x{b:x} + size 0x{s:x} is empty or goes past 2^64");
        return new MemoryDevice(b, s, node);
    }
}
