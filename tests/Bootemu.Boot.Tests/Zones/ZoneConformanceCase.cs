using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// A real-boot conformance case seen from free_area_init: memblock.memory after NUMA init rebuilt from
/// the kernel's own "Early memory node ranges" (which print every region, pfn-trimmed; memblock.memory is
/// page-trimmed already), max_pfn from its first last_pfn line, the zone options from its command line,
/// and the nodes from its NODE_DATA lines. HOTPLUG is set on a region inside a hotpluggable SRAT range
/// unless its node holds the kernel image, the initrd or an ACPI table, because
/// numa_clear_kernel_node_hotplug clears those nodes before zones are computed.
/// </summary>
public sealed partial class ZoneConformanceCase
{
    /// <summary>CONFIG_PHYSICAL_START: where the image sits with nokaslr.</summary>
    private const ulong KernelImageStart = 0x1000000;

    public string Name { get; }
    public JsonElement Expected { get; }

    /// <summary>The first boot's kernel lines (the serial console before the post-boot dumps), timestamps removed.</summary>
    public IReadOnlyList<string> KernelLines { get; }

    /// <summary>The /proc/zoneinfo dump taken after boot.</summary>
    public IReadOnlyList<string> ZoneinfoLines { get; }

    public ZoneInput Input { get; }

    private ZoneConformanceCase(string name)
    {
        Name = name;
        string dir = RepoPaths.ConformanceCase(name);
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))))
            Expected = doc.RootElement.Clone();
        var console = File.ReadAllLines(Path.Combine(dir, "console.log")).Select(l => l.TrimEnd('\r')).ToArray();
        KernelLines = console.TakeWhile(l => !l.StartsWith("=====BEGIN", StringComparison.Ordinal))
            .Select(l => Timestamp().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
        ZoneinfoLines = console.SkipWhile(l => l != "=====BEGIN zoneinfo=====").Skip(1)
            .TakeWhile(l => l != "=====END zoneinfo=====").ToArray();
        Input = BuildInput(File.ReadAllText(Path.Combine(dir, "cmdline")).Trim());
    }

    public static ZoneConformanceCase Load(string name) => new(name);

    public static IEnumerable<string> Names() => RepoPaths.ConformanceCases();

    private ZoneInput BuildInput(string cmdline)
    {
        var memory = Expected.GetProperty("early_memory_node_ranges").EnumerateArray()
            .Select(r => Region(Hex(r.GetProperty("start")), Hex(r.GetProperty("end")) + 1, r.GetProperty("node").GetInt32()))
            .ToList();

        var kernelNodes = ReservedAddresses().Select(a => memory.FirstOrDefault(r => r.Base <= a && a < r.End))
            .Where(r => r.Size != 0).Select(r => r.Nid).ToHashSet();
        var hotplugRanges = Expected.TryGetProperty("srat_memory", out var srat) && srat.ValueKind == JsonValueKind.Array
            ? srat.EnumerateArray().Where(m => m.GetProperty("hotplug").GetBoolean())
                .Select(m => (Start: Hex(m.GetProperty("start")), End: Hex(m.GetProperty("end")) + 1)).ToArray()
            : [];
        for (int i = 0; i < memory.Count; i++)
        {
            var r = memory[i];
            if (!kernelNodes.Contains(r.Nid) && hotplugRanges.Any(h => h.Start <= r.Base && r.End <= h.End))
                memory[i] = r with { Flags = MemblockFlags.Hotplug };
        }

        var maxPfn = KernelLines.Select(l => LastPfn().Match(l)).First(m => m.Success).Groups[1].Value;
        var nodes = Expected.GetProperty("node_data").EnumerateArray().Select(l => NodeDataLine().Match(l.GetString()!))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();

        return new ZoneInput
        {
            Memory = memory,
            MaxPfn = new Pfn(ulong.Parse(maxPfn, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            Options = ZoneOptions(cmdline),
            PossibleNodes = ParseNodeList(Expected.GetProperty("node_masks").GetProperty("possible").GetString()!),
            OnlineNodes = nodes,
        };
    }

    /// <summary>Addresses of the early reservations that pin a node: the kernel image, the initrd, the ACPI tables.</summary>
    private IEnumerable<ulong> ReservedAddresses()
    {
        yield return KernelImageStart;
        foreach (var line in KernelLines)
        {
            var m = ReservationLine().Match(line);
            if (m.Success)
                yield return ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// The zone options of a case's command line, read the way cmdline_parse_core does for the forms the
    /// cases use: "mirror", a decimal percentage, or a decimal size with an optional K/M/G/T suffix.
    /// </summary>
    public static BootOptions ZoneOptions(string cmdline)
    {
        var options = new BootOptions { CommandLine = cmdline };
        foreach (var word in cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = word.Split('=', 2) is [var k, var v] ? (k, v) : (word, "");
            switch (key)
            {
                case "movable_node":
                    options = options with { MovableNode = true };
                    break;
                case "kernelcore" when value.Split(',').Contains("mirror"):
                    options = options with { KernelcoreMirror = true };
                    break;
                case "kernelcore":
                    options = options with { Kernelcore = CoreSizeOf(value) };
                    break;
                case "movablecore":
                    options = options with { Movablecore = CoreSizeOf(value) };
                    break;
            }
        }
        return options;
    }

    public static CoreSize CoreSizeOf(string value)
    {
        var m = Regex.Match(value, "^([0-9]+)(%|[KMGTkmgt]?)$");
        if (!m.Success)
            throw new ArgumentException($"unexpected size '{value}' in a conformance command line");
        ulong n = ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (m.Groups[2].Value == "%")
            return new CoreSize(CoreSizeKind.Percent, n);
        int shift = "KMGT".IndexOf(char.ToUpperInvariant(m.Groups[2].Value.FirstOrDefault('\0'))) + 1;
        return new CoreSize(CoreSizeKind.Pages, (n << (10 * shift)) >> Pfn.PageShift);
    }

    /// <summary>A sysfs node list ("0-1,3") as node ids.</summary>
    public static int[] ParseNodeList(string list) => list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(part => part.Split('-') is [var a, var b]
            ? Enumerable.Range(int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture) - int.Parse(a, CultureInfo.InvariantCulture) + 1)
            : [int.Parse(part, CultureInfo.InvariantCulture)])
        .ToArray();

    private static MemblockRegion Region(ulong start, ulong end, int nid) => new(start, end - start, MemblockFlags.None, nid);

    private static ulong Hex(JsonElement e) => ulong.Parse(e.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public override string ToString() => Name;

    [GeneratedRegex(@"^.*?\[\s*\d+\.\d+\] (.*)$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^last_pfn = 0x([0-9a-f]+) max_arch_pfn")]
    private static partial Regex LastPfn();

    [GeneratedRegex(@"^NODE_DATA\((\d+)\) allocated")]
    private static partial Regex NodeDataLine();

    [GeneratedRegex(@"^(?:RAMDISK: |ACPI: Reserving \w+ table memory at )\[mem 0x([0-9a-f]+)-")]
    private static partial Regex ReservationLine();
}
