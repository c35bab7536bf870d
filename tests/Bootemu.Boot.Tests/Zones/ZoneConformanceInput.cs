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
public static partial class ZoneConformanceInput
{
    /// <summary>CONFIG_PHYSICAL_START: where the image sits with nokaslr.</summary>
    private const ulong KernelImageStart = 0x1000000;

    public static ZoneInput Of(ConformanceCase c)
    {
        var memory = c.Expected.GetProperty("early_memory_node_ranges").EnumerateArray()
            .Select(r => Region(Hex(r.GetProperty("start")), Hex(r.GetProperty("end")) + 1, r.GetProperty("node").GetInt32()))
            .ToList();

        var kernelNodes = ReservedAddresses(c.KernelLines).Select(a => memory.FirstOrDefault(r => r.Base <= a && a < r.End))
            .Where(r => r.Size != 0).Select(r => r.Nid).ToHashSet();
        var hotplugRanges = c.Expected.TryGetProperty("srat_memory", out var srat) && srat.ValueKind == JsonValueKind.Array
            ? srat.EnumerateArray().Where(m => m.GetProperty("hotplug").GetBoolean())
                .Select(m => (Start: Hex(m.GetProperty("start")), End: Hex(m.GetProperty("end")) + 1)).ToArray()
            : [];
        for (int i = 0; i < memory.Count; i++)
        {
            var r = memory[i];
            if (!kernelNodes.Contains(r.Nid) && hotplugRanges.Any(h => h.Start <= r.Base && r.End <= h.End))
                memory[i] = r with { Flags = MemblockFlags.Hotplug };
        }

        var maxPfn = c.KernelLines.Select(l => LastPfn().Match(l)).First(m => m.Success).Groups[1].Value;
        var nodes = c.Expected.GetProperty("node_data").EnumerateArray().Select(l => NodeDataLine().Match(l.GetString()!))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();

        return new ZoneInput
        {
            Memory = memory,
            MaxPfn = new Pfn(ulong.Parse(maxPfn, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            Options = KernelCommandLine.Parse(c.Cmdline),
            PossibleNodes = ConformanceCase.NodeList(c.Expected.GetProperty("node_masks").GetProperty("possible").GetString()!),
            OnlineNodes = nodes,
        };
    }

    /// <summary>Addresses of the early reservations that pin a node: the kernel image, the initrd, the ACPI tables.</summary>
    private static IEnumerable<ulong> ReservedAddresses(IEnumerable<string> kernelLines)
    {
        yield return KernelImageStart;
        foreach (var line in kernelLines)
        {
            var m = ReservationLine().Match(line);
            if (m.Success)
                yield return ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
    }

    private static MemblockRegion Region(ulong start, ulong end, int nid) => new(start, end - start, MemblockFlags.None, nid);

    private static ulong Hex(JsonElement e) => ulong.Parse(e.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^last_pfn = 0x([0-9a-f]+) max_arch_pfn")]
    private static partial Regex LastPfn();

    [GeneratedRegex(@"^NODE_DATA\((\d+)\) allocated")]
    private static partial Regex NodeDataLine();

    [GeneratedRegex(@"^(?:RAMDISK: |ACPI: Reserving \w+ table memory at )\[mem 0x([0-9a-f]+)-")]
    private static partial Regex ReservationLine();
}
