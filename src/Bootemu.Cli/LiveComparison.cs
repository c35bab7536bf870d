using System.Globalization;
using System.Text;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Machine.Live;

namespace Bootemu.Cli;

/// <summary>One fact both sides show: what bootemu emulated and what the live machine shows, null where one side lacks it.</summary>
internal sealed record ComparedFact(string Name, string? Emulated, string? Live)
{
    public bool Agrees => Emulated == Live;

    public string Line => Agrees
        ? $"{Name}: agree ({Emulated})"
        : $"{Name}: differ: emulated {Emulated ?? "absent"}, live {Live ?? "absent"}";
}

/// <summary>
/// `--compare-live`: the emulated machine set beside what the live machine shows, fact by fact: per zone of
/// /proc/zoneinfo its start_pfn, spanned and present pages; the memory block size; per memory block its state,
/// valid_zones and node; the node masks of /sys/devices/system/node. Managed and free pages are left out: they count what the running system has allocated
/// since boot, which no boot emulation can know.
/// </summary>
internal static class LiveComparison
{
    /// <summary>What the comparison leaves out and why, printed after the facts.</summary>
    internal static readonly string[] NotCompared =
    [
        "managed and free pages: they depend on what the running system has allocated since boot",
    ];

    public static IReadOnlyList<ComparedFact> Compare(HotplugMachine emulated, LiveObservation live)
    {
        var facts = new List<ComparedFact>();
        if (live.Zones is { } zones) facts.AddRange(Zones(emulated, zones));
        if (live.BlockSizeBytes is { } size) facts.Add(new ComparedFact("memory block size (block_size_bytes)", SysfsView.BlockSizeBytes(emulated), size));
        if (live.Blocks is { } blocks) facts.AddRange(Blocks(emulated, blocks));
        if (live.NodeMasks is { } masks)
            facts.AddRange(NodeMasksView.Of(emulated).Files().Select(f => new ComparedFact($"node mask {f.File}", NodeMasks.ListText(f.Nodes), masks[f.File])));
        return facts;
    }

    private static IEnumerable<ComparedFact> Zones(HotplugMachine emulated, IReadOnlyList<LiveZone> live)
    {
        var mine = emulated.OnlineNodes
            .SelectMany(nid => Enum.GetValues<ZoneType>().Select(zone => emulated.Zone(nid, zone)))
            .ToDictionary(z => (z.Nid, Name: z.Name), z => new LiveZone(z.Nid, z.Name, z.Spanned, z.Present, z.IsPopulated ? z.Start.Value : null));
        var theirs = live.ToDictionary(z => (z.Nid, Name: z.Zone));
        var keys = mine.Keys.Union(theirs.Keys).OrderBy(k => k.Nid).ThenBy(k => ZoneOrder(k.Name)).ThenBy(k => k.Name, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var e = mine.GetValueOrDefault(key);
            var l = theirs.GetValueOrDefault(key);
            string name = $"Node {key.Nid}, zone {key.Name}";
            if (e?.StartPfn is not null || l?.StartPfn is not null)
                yield return new ComparedFact($"{name}: start_pfn", Text(e?.StartPfn), Text(l?.StartPfn));
            yield return new ComparedFact($"{name}: spanned", Text(e?.Spanned), Text(l?.Spanned));
            yield return new ComparedFact($"{name}: present", Text(e?.Present), Text(l?.Present));
        }
    }

    /// <summary>The kernel's zone order for the names it knows; a zone bootemu does not model sorts after them.</summary>
    private static int ZoneOrder(string name) =>
        Enum.GetValues<ZoneType>().Select(z => (int?)z).FirstOrDefault(z => ZoneNames.Of((ZoneType)z!) == name) ?? int.MaxValue;

    private static IEnumerable<ComparedFact> Blocks(HotplugMachine emulated, IReadOnlyList<LiveBlock> live)
    {
        var mine = SysfsView.Blocks(emulated).ToDictionary(b => b.Id);
        var theirs = live.ToDictionary(b => b.Id);
        foreach (long id in mine.Keys.Union(theirs.Keys).Order())
        {
            var e = mine.GetValueOrDefault(id);
            var l = theirs.GetValueOrDefault(id);
            yield return new ComparedFact($"memory{id}: state", e?.State, l is null ? null : l.State);
            yield return new ComparedFact($"memory{id}: valid_zones", e is null ? null : string.Join(" ", e.ValidZones), l?.ValidZones);
            yield return new ComparedFact($"memory{id}: node", e is null ? null : string.Join(",", e.Nodes), l?.Nodes);
        }
    }

    private static string? Text(ulong? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>One line per fact, what was left out, and a summary line.</summary>
    public static string Render(IReadOnlyList<ComparedFact> facts, LiveObservation live, string root)
    {
        var text = new StringBuilder();
        foreach (var fact in facts) text.Append(fact.Line).Append('\n');
        if (live.Zones is null) text.Append($"zones: not compared: no {LiveLayout.PathOf(root, LiveLayout.Zoneinfo)}\n");
        if (live.Blocks is null) text.Append($"memory blocks: not compared: no {LiveLayout.PathOf(root, LiveLayout.MemoryBlocks)}\n");
        if (live.NodeMasks is null) text.Append($"node masks: not compared: no {LiveLayout.PathOf(root, LiveLayout.Nodes)}\n");
        foreach (var left in NotCompared) text.Append("not compared: ").Append(left).Append('\n');
        int differ = facts.Count(f => !f.Agrees);
        text.Append($"summary: {facts.Count} facts compared with the live machine: {facts.Count - differ} agree, {differ} differ\n");
        return text.ToString();
    }
}
