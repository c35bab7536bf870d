using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Core.Mm;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The two lines build_all_zonelists (mm/page_alloc.c) ends with, at boot and after every rebuild a hotplug operation
/// causes: <c>Built N zonelists, mobility grouping on|off.  Total pages: N</c> (N the online nodes, the total
/// nr_free_zone_pages over the zonelist of the running CPU's node, which lists every node with memory: each populated
/// zone's managed pages above its high watermark) and <c>Policy zone: NAME</c> (the highest zone below ZONE_MOVABLE
/// that any zonelist holds: check_highest_zone, which only ever raises it).
/// </summary>
public static class ZonelistsBuilt
{
    /// <summary>pageblock_nr_pages × MIGRATE_TYPES (6 with CMA and memory isolation, both builds): below it mobility grouping is off.</summary>
    public const ulong MobilityGroupingMinPages = 512 * 6;

    public static string BuiltLine(int onlineNodes, ulong totalPages) =>
        $"Built {onlineNodes} zonelists, mobility grouping {(totalPages < MobilityGroupingMinPages ? "off" : "on")}.  Total pages: {totalPages}";

    public static string PolicyZoneLine(ZoneType policyZone) => $"Policy zone: {ZoneNames.Of(policyZone)}";

    /// <summary>check_highest_zone over <paramref name="zones"/>: policy_zone only rises, and never to ZONE_MOVABLE.</summary>
    public static ZoneType HighestPolicyZone(ZoneType policy, IEnumerable<ZoneType> zones) =>
        zones.Where(z => z != ZoneType.Movable && z > policy).DefaultIfEmpty(policy).Max();

    /// <summary>
    /// The boot-time build in start_kernel: no watermark is set yet (init_per_zone_wmark_min is an initcall), and each
    /// zone's managed pages are still free_area_init's estimate (<see cref="ZoneManagedEstimate"/>). policy_zone starts
    /// at ZONE_DMA.
    /// </summary>
    internal static void PrintAtBoot(IReadOnlyList<NodeLayout> nodes, IReadOnlyCollection<int> nodesWithMemory, int onlineNodes,
        ulong dmaReserve, KernelModel kernel, KernelLog log)
    {
        ulong total = 0;
        var populated = new List<ZoneType>();
        foreach (var node in nodes.Where(n => nodesWithMemory.Contains(n.Nid)))
            foreach (var zone in node.Zones.Where(z => z.IsPopulated))
            {
                total += ZoneManagedEstimate.Of(zone, kernel, dmaReserve);
                populated.Add(zone.Zone);
            }
        log.Info(BuiltLine(onlineNodes, total));
        log.Info(PolicyZoneLine(HighestPolicyZone(ZoneType.DMA, populated)));
    }
}
