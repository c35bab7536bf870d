using System.Text;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Zones;

/// <summary>
/// One zone as /proc/zoneinfo shows what boot and hotplug decide about it: the span, present and managed pages, the free
/// pages (see <see cref="ZoneinfoRenderer"/>) and what init_per_zone_wmark_min set.
/// </summary>
public readonly record struct ZoneinfoZone(int Nid, ZoneType Zone, ulong Spanned, ulong Present, Pfn StartPfn)
{
    public ulong Managed { get; init; }
    public ulong Free { get; init; }
    public ZoneWatermarks Watermarks { get; init; } = ZoneWatermarks.None;
}

/// <summary>
/// /proc/zoneinfo as zoneinfo_show_print lays it out, line for line, so that what parses the real file parses this:
/// per online node, every zone type in order; "per-node stats" before the node's first populated zone; for each zone the
/// pages block and protection; for a populated zone its counters, the per-CPU pagesets, node_unreclaimable and start_pfn.
/// <para>
/// Emulated (the kernel's rules applied to the emulated machine): spanned, present, managed, the min/low/high (and on
/// 6.12 promo) watermarks, protection, each online CPU's pageset batch (and on 6.1 its high), the vm stats threshold and
/// start_pfn. On 6.12 a pageset's high is tuned at runtime (<see cref="KernelModel.PagesetHighTunedAtRuntime"/>): bootemu
/// prints the lower bound an idle CPU settles at.
/// </para>
/// <para>
/// Placeholders by design, because they depend on what the running system did rather than on the layout: free (and
/// nr_free_pages) is the managed pages less the allocations bootemu knows of (a hotplug script's workload and kernel slab;
/// none right after boot), boost, cma and node_unreclaimable are 0, the pagesets' count is 0, and every other counter
/// (the per-node stats, the zone's nr_zone_* and NUMA events) is 0. A real machine prints its own running values there.
/// </para>
/// </summary>
public static class ZoneinfoRenderer
{
    /// <summary>The zones of the online nodes of a finished boot (no runtime allocation yet: free is managed).</summary>
    public static string Render(BootResult boot) => Render(boot.Nodes, boot.Kernel);

    /// <summary>The zones of the online nodes among <paramref name="nodes"/>, with a pageset for each of their CPUs.</summary>
    public static string Render(IReadOnlyList<NodeLayout> nodes, KernelModel kernel) => Render(
        nodes.Where(n => n.Online).SelectMany(n => n.Zones.Select(z =>
            new ZoneinfoZone(n.Nid, z.Zone, z.SpannedPages, z.PresentPages, z.StartPfn)
            {
                Managed = z.ManagedPages,
                Free = z.ManagedPages,
                Watermarks = z.Watermarks,
            })),
        nodes.Where(n => n.Online).Select(n => n.Nid),
        nodes.SelectMany(n => n.Cpus).Distinct().Order().ToList(),
        kernel);

    /// <summary>
    /// Every zone type of each of <paramref name="onlineNodes"/> in the kernel's order, taken from <paramref name="zones"/>
    /// (a zone not given is empty), with a pageset per CPU of <paramref name="onlineCpus"/>.
    /// </summary>
    public static string Render(IEnumerable<ZoneinfoZone> zones, IEnumerable<int> onlineNodes, IReadOnlyList<int> onlineCpus, KernelModel kernel)
    {
        var byZone = zones.ToDictionary(z => (z.Nid, z.Zone));
        var text = new StringBuilder();
        foreach (int nid in onlineNodes.Distinct().Order())
        {
            var nodeZones = Enum.GetValues<ZoneType>()
                .Select(t => byZone.TryGetValue((nid, t), out var z) ? z : new ZoneinfoZone(nid, t, 0, 0, new Pfn(0)))
                .ToList();
            var firstPopulated = nodeZones.FirstOrDefault(z => z.Present != 0);
            foreach (var zone in nodeZones)
                Zone(text, zone, zone.Present != 0 && zone.Zone == firstPopulated.Zone, onlineCpus, kernel);
        }
        return text.ToString();
    }

    private static void Zone(StringBuilder text, ZoneinfoZone zone, bool nodeStats, IReadOnlyList<int> onlineCpus, KernelModel kernel)
    {
        var items = kernel.ZoneinfoItems;
        var marks = zone.Watermarks;
        text.Append($"Node {zone.Nid}, zone {ZoneNames.Of(zone.Zone),8}\n");
        if (nodeStats)
        {
            text.Append("  per-node stats\n");
            foreach (var name in items.NodeStats) Counter(text, name, 0);
        }
        text.Append($"  pages free     {zone.Free}\n");
        text.Append("        boost    0\n");
        text.Append($"        min      {marks.Min}\n");
        text.Append($"        low      {marks.Low}\n");
        text.Append($"        high     {marks.High}\n");
        if (kernel.ZoneinfoPrintsPromo) text.Append($"        promo    {marks.Promo}\n");
        text.Append($"        spanned  {zone.Spanned}\n");
        text.Append($"        present  {zone.Present}\n");
        text.Append($"        managed  {zone.Managed}\n");
        text.Append("        cma      0\n");
        text.Append($"        protection: ({string.Join(", ", marks.Protection)})\n");
        if (zone.Present == 0) return;

        foreach (var name in items.ZoneStats) Counter(text, name, name == "nr_free_pages" ? zone.Free : 0);
        foreach (var name in items.NumaEvents) Counter(text, name, 0);
        text.Append("  pagesets\n");
        foreach (int cpu in onlineCpus)
        {
            text.Append($"    cpu: {cpu}\n");
            text.Append("              count: 0\n");
            text.Append($"              high:  {marks.PcpHigh}\n");
            text.Append($"              batch: {marks.PcpBatch}\n");
            text.Append($"  vm stats threshold: {marks.StatThreshold}\n");
        }
        text.Append("  node_unreclaimable:  0\n");
        text.Append($"  start_pfn:           {zone.StartPfn.Value}\n");
    }

    /// <summary>A counter line: the name left-aligned in 12 columns, a space, the value.</summary>
    private static void Counter(StringBuilder text, string name, ulong value) => text.Append($"      {name,-12} {value}\n");
}
