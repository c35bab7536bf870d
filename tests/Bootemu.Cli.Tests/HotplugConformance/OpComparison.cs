using System.Text.Json;
using System.Text.RegularExpressions;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests.HotplugConformance;

/// <summary>
/// What bootemu's replay of one op differs in from the real kernel's: the write's result (ok or errno), the memory block
/// table (state, valid_zones, nodes), each zone's start_pfn, spanned, present and managed, the node masks, and the kernel
/// lines the op printed in the families bootemu's hotplug layer prints. Empty when they agree.
/// </summary>
internal static partial class OpComparison
{
    /// <summary>
    /// The runtime messages bootemu's hotplug layer prints, the zonelist rebuild when a zone gains its first pages or
    /// loses its last included. The others an op makes the kernel print (dump_page of an unmovable page) are not
    /// emulated at runtime.
    /// </summary>
    [GeneratedRegex(@"^(memory memory\d+: Offline failed\.|removing memory fails, because memory |Hotplug memory \[|Block size \[|Fallback order for Node |Built \d+ zonelists, |Policy zone: )")]
    private static partial Regex EmulatedFamily();

    /// <summary>The figure of build_all_zonelists' line, which counts managed pages.</summary>
    [GeneratedRegex(@"^(Built \d+ zonelists, mobility grouping \w+\.  Total pages: )(\d+)$")]
    private static partial Regex TotalPages();

    public static List<string> Differences(HotplugCaseRun run, int index)
    {
        var real = run.Case.OpResults[index];
        StepReport? step = index == 0 ? null : run.Run.Steps[index - 1];
        var m = step?.After ?? run.Booted;
        var differences = new List<string>();
        var offsets = BootManagedOffsets(run, differences);
        if (step is not null) Result(real, step, differences);
        Compare("memory blocks", RealBlocks(real), SysfsView.Blocks(m).Select(Row), differences);
        Compare("zones", RealZones(real, out var nodes), nodes.SelectMany(n => Enum.GetNames<Core.Mm.ZoneType>().Select(z => ZoneRow(m, n, z, offsets))), differences);
        Compare("node masks", RealMasks(real), Masks(m), differences);
        if (step is not null) Dmesg(real, step, TotalPagesOffset(m, offsets), differences);
        return differences;
    }

    /// <summary>
    /// What bootemu's managed pages of each zone exceed the kernel's by after boot: the few pages of sub-page memblock
    /// allocations it does not emulate (the slack of ZoneinfoCountsConformanceTests, at most 3 pages a zone here; more is
    /// a difference). Hotplug then adds and takes whole blocks, so each op's managed pages are compared less this offset.
    /// </summary>
    private static Dictionary<(int Nid, Core.Mm.ZoneType Zone), long> BootManagedOffsets(HotplugCaseRun run, List<string> differences)
    {
        const long SubPageSlack = 3;
        var offsets = new Dictionary<(int, Core.Mm.ZoneType), long>();
        foreach (var z in run.Case.OpResults[0].GetProperty("zones").EnumerateArray())
        {
            int nid = z.GetProperty("node").GetInt32();
            var zone = Enum.Parse<Core.Mm.ZoneType>(z.GetProperty("zone").GetString()!);
            long offset = (long)run.Booted.Zone(nid, zone).Managed - z.GetProperty("managed").GetInt64();
            if (offset is < 0 or > SubPageSlack)
                differences.Add($"boot: node{nid} {zone} managed differs by {offset} pages, beyond the {SubPageSlack} pages of unemulated sub-page allocations");
            offsets[(nid, zone)] = offset;
        }
        return offsets;
    }

    /// <summary>
    /// The boot offsets that a "Total pages" figure bootemu prints after this op holds: nr_free_zone_pages counts the
    /// managed pages of every populated zone (all above their high watermarks here).
    /// </summary>
    private static long TotalPagesOffset(HotplugMachine m, Dictionary<(int Nid, Core.Mm.ZoneType Zone), long> offsets) =>
        offsets.Where(o => m.Zone(o.Key.Nid, o.Key.Zone).IsPopulated).Sum(o => o.Value);

    private static void Result(JsonElement real, StepReport step, List<string> differences)
    {
        string want = real.GetProperty("ok").GetBoolean() ? "ok" : real.GetProperty("errno").GetString()!;
        string got = step.Skipped ? "skipped" : step.Error?.ToString() ?? "ok";
        if (want != got) differences.Add($"result: the kernel {want}, bootemu {got} ({step.Detail})");
    }

    private static IEnumerable<string> RealBlocks(JsonElement op) => op.GetProperty("memory_blocks").EnumerateArray().Select(b =>
        $"memory{b.GetProperty("id").GetInt64()} {b.GetProperty("state").GetString()} "
        + $"{string.Join(",", b.GetProperty("valid_zones").EnumerateArray().Select(z => z.GetString()))} "
        + $"nodes={string.Join(",", b.GetProperty("nodes").EnumerateArray().Select(n => n.GetInt32()))}");

    private static string Row(SysfsBlock b) => $"memory{b.Id} {b.State} {string.Join(",", b.ValidZones)} nodes={string.Join(",", b.Nodes)}";

    /// <summary>"node zone start spanned present" per zone of /proc/zoneinfo; an empty zone has no start.</summary>
    private static IEnumerable<string> RealZones(JsonElement op, out List<int> nodes)
    {
        var zones = op.GetProperty("zones").EnumerateArray().ToList();
        nodes = zones.Select(z => z.GetProperty("node").GetInt32()).Distinct().ToList();
        return zones.Select(z => ZoneText(z.GetProperty("node").GetInt32(), z.GetProperty("zone").GetString()!,
            z.GetProperty("spanned").GetUInt64() == 0 ? null : z.GetProperty("start_pfn").GetUInt64(),
            z.GetProperty("spanned").GetUInt64(), z.GetProperty("present").GetUInt64(), z.GetProperty("managed").GetUInt64())).ToList();
    }

    private static string ZoneRow(HotplugMachine m, int nid, string zoneName, Dictionary<(int Nid, Core.Mm.ZoneType Zone), long> offsets)
    {
        var type = Enum.Parse<Core.Mm.ZoneType>(zoneName);
        var z = m.Zone(nid, type);
        return ZoneText(nid, zoneName, z.IsEmpty ? null : z.Start.Value, z.Spanned, z.Present, (ulong)((long)z.Managed - offsets.GetValueOrDefault((nid, type))));
    }

    private static string ZoneText(int nid, string zone, ulong? start, ulong spanned, ulong present, ulong managed) =>
        $"node{nid} {zone} start_pfn={(start is { } s ? s.ToString() : "-")} spanned={spanned} present={present} managed={managed}";

    private static IEnumerable<string> RealMasks(JsonElement op)
    {
        var masks = op.GetProperty("node_masks");
        return new[] { "online", "has_memory", "has_normal_memory" }
            .Select(k => $"{k}={string.Join(",", ConformanceCase.NodeList(masks.GetProperty(k).GetString()!))}");
    }

    private static IEnumerable<string> Masks(HotplugMachine m) =>
    [
        $"online={string.Join(",", m.OnlineNodes)}",
        $"has_memory={string.Join(",", m.OnlineNodes.Where(m.HasMemory))}",
        $"has_normal_memory={string.Join(",", m.OnlineNodes.Where(m.HasNormalMemory))}",
    ];

    /// <summary>
    /// Every line bootemu printed (printk levels the console shows; pr_debug stays silent) is one the kernel printed, in
    /// its order; every line the kernel printed in a family bootemu prints, bootemu printed.
    /// </summary>
    private static void Dmesg(JsonElement real, StepReport step, long totalPagesOffset, List<string> differences)
    {
        var kernel = real.GetProperty("dmesg").EnumerateArray().Select(l => l.GetString()!.TrimEnd()).ToList();
        var printed = step.KernelLines.Where(l => l.Level != KernelLogLevel.Debug)
            .Select(l => TotalPages().Replace(l.Text.TrimEnd(), t => t.Groups[1].Value + (long.Parse(t.Groups[2].Value) - totalPagesOffset))).ToList();
        int at = 0;
        foreach (var line in printed)
        {
            int found = kernel.IndexOf(line, at);
            if (found < 0) differences.Add($"dmesg: bootemu printed \"{line}\", the kernel did not (there)");
            else at = found + 1;
        }
        foreach (var line in kernel.Where(l => EmulatedFamily().IsMatch(l) && !printed.Contains(l)))
            differences.Add($"dmesg: the kernel printed \"{line}\", bootemu did not");
    }

    private static void Compare(string what, IEnumerable<string> real, IEnumerable<string> emulated, List<string> differences)
    {
        var want = real.ToList();
        var got = emulated.ToList();
        foreach (var line in want.Except(got)) differences.Add($"{what}: the kernel has \"{line}\", bootemu not");
        foreach (var line in got.Except(want)) differences.Add($"{what}: bootemu has \"{line}\", the kernel not");
    }
}
