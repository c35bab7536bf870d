using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>Pages of one kind placed in one block.</summary>
internal readonly record struct Placement(long Block, int Nid, ZoneType Zone, ulong Pages);

/// <summary>
/// The buddy allocator's zonelist walk (mm/page_alloc.c, get_page_from_freelist over the node-ordered zonelist),
/// at block granularity: the preferred node first, then the other nodes by distance; within a node, zones from
/// the highest the gfp mask allows (gfp_zone) down to DMA. So GFP_KERNEL never reaches ZONE_MOVABLE, and a
/// movable request fills ZONE_MOVABLE before Normal. Within a zone the lowest blocks are used first: at boot
/// memblock_free_all frees memory in address order to the tail of the free lists, so the lowest addresses sit
/// at the head. Fragmentation, watermarks and reclaim are not modelled.
/// </summary>
internal static class PageAllocator
{
    /// <param name="nodeMask">Allowed nodes (null: every online node).</param>
    /// <param name="exclude">An isolated block whose free pages must not be used (offline in progress).</param>
    /// <param name="unit">Pages that must land together in one block (512 for a 2 MiB huge page or memmap chunk).</param>
    public static (HotplugMachine Machine, ImmutableArray<Placement> Placed, ulong Missing) Allocate(
        HotplugMachine m, AllocationKind kind, ulong pages, int preferredNid, IReadOnlySet<int>? nodeMask = null,
        ZoneType? highestZone = null, long? exclude = null, ulong unit = 1)
    {
        var highest = highestZone ?? kind.HighestZone();
        var placed = ImmutableArray.CreateBuilder<Placement>();
        ulong remaining = pages;
        foreach (int nid in m.NodeFallbackOrder(preferredNid))
        {
            if (remaining == 0) break;
            if (nodeMask is not null && !nodeMask.Contains(nid)) continue;
            for (var zone = highest; zone >= ZoneType.DMA && remaining > 0; zone--)
            {
                foreach (var block in ZoneBlocks(m, nid, zone).Where(b => b.Id != exclude).ToList())
                {
                    ulong free = block.FreePages / unit * unit;
                    ulong take = Math.Min(free, remaining);
                    if (take == 0) continue;
                    m = m.WithBlock(block.WithUsed(kind, (long)take));
                    placed.Add(new Placement(block.Id, nid, zone, take));
                    remaining -= take;
                    if (remaining == 0) break;
                }
            }
        }
        return (m, placed.ToImmutable(), remaining);
    }

    /// <summary>
    /// Online blocks managed by one zone of one node. Blocks that span zones or nodes are left out: their pages
    /// cannot be told apart per zone here, and nothing depends on them since they can never be offlined.
    /// </summary>
    public static IEnumerable<MemoryBlock> ZoneBlocks(HotplugMachine m, int nid, ZoneType zone) =>
        m.Blocks.Values.Where(b => b.State == BlockState.Online && b.Zone == zone && b.Nid == nid && b.Nodes.Length == 1);

    /// <summary>"131072 pages: node 0 DMA32 65536 (blocks 1-8), ..." — where an allocation went.</summary>
    public static string Describe(IEnumerable<Placement> placed)
    {
        var parts = placed.GroupBy(p => (p.Nid, p.Zone))
            .Select(g => $"node {g.Key.Nid} {ZoneNames.Of(g.Key.Zone)} {g.Aggregate(0UL, (s, p) => s + p.Pages)} pages (blocks {BlockList(g.Select(p => p.Block))})");
        return string.Join(", ", parts);
    }

    /// <summary>Block ids as ranges: "1-8,12".</summary>
    public static string BlockList(IEnumerable<long> ids)
    {
        var sorted = ids.Distinct().OrderBy(i => i).ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
