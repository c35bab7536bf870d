using Bootemu.Boot.Numa;
using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// build_all_zonelists after boot (mm/page_alloc.c): memory online when a zone gains its first pages, memory offline when
/// a zone loses its last, and hotadd_init_pgdat for a node that comes online. Each prints, at KERN_INFO, a "Fallback
/// order for Node" line per zonelist built, then "Built N zonelists, mobility grouping on|off.  Total pages: N" and
/// "Policy zone: NAME".
/// </summary>
internal static class ZonelistRebuild
{
    /// <summary>
    /// A rebuild of every possible node's zonelist (for_each_node), listing <paramref name="nodesWithMemory"/> (N_MEMORY
    /// at the time of the rebuild); or, for <paramref name="newNode"/> (a node hotadd_init_pgdat is bringing online), that
    /// node's zonelist only. Returns the machine with policy_zone raised to the highest populated zone the lists hold.
    /// </summary>
    public static HotplugMachine Rebuild(HotplugMachine m, IReadOnlyCollection<int> nodesWithMemory, KernelLog log, int? newNode = null)
    {
        var nodes = newNode is { } only ? [only] : m.PossibleNodes.ToArray();
        var withCpus = m.Cpus.Where(c => c.Value.Length > 0).Select(c => c.Key);
        var lists = ZonelistOrder.Build(m.DistanceRow, nodes, nodesWithMemory, withCpus, m.Kernel.ZonelistSkipsMemorylessLocalNode);
        foreach (var list in lists) log.Info(ZonelistOrder.Line(list));

        var listed = lists.SelectMany(l => l.Order).ToHashSet();
        var populated = listed.SelectMany(m.ZonesOf).Where(z => z.IsPopulated).ToList();
        m = m with { PolicyZone = ZonelistsBuilt.HighestPolicyZone(m.PolicyZone, populated.Select(z => z.Zone)) };

        // nr_free_zone_pages(GFP_HIGHUSER_MOVABLE) over the zonelist of the writing CPU's node, which holds every node
        // with memory: the managed pages above each zone's high watermark as it stands (after an online the marks are
        // not yet recomputed; after an offline they are).
        ulong total = 0;
        foreach (var zone in m.OnlineNodes.Where(nodesWithMemory.Contains).SelectMany(m.ZonesOf).Where(z => z.IsPopulated))
            if (zone.Managed > zone.Watermarks.High) total += zone.Managed - zone.Watermarks.High;
        log.Info(ZonelistsBuilt.BuiltLine(m.OnlineNodes.Count, total));
        log.Info(ZonelistsBuilt.PolicyZoneLine(m.PolicyZone));
        return m;
    }
}
