using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Memblock;

namespace Bootemu.Boot.Zones;

/// <summary>
/// calculate_node_totalpages (mm/page_alloc.c) for one node: each zone's start pfn, spanned pages
/// (zone_spanned_pages_in_node) and present pages (spanned minus zone_absent_pages_in_node), with the
/// ZONE_MOVABLE carve-out of adjust_zone_range_for_zone_movable.
/// </summary>
internal sealed class NodeZoneSizes
{
    private readonly IReadOnlyList<MemblockRegion> _memory;
    private readonly MemPfnRanges _ranges;
    private readonly ArchZoneRanges _arch;
    private readonly MovableZonePlan _plan;
    private readonly bool _mirroredKernelcore;

    /// <param name="memory">memblock.memory, for the kernelcore=mirror accounting, which walks regions rather than pfn ranges.</param>
    /// <param name="mirroredKernelcore">kernelcore=mirror was given: Normal is then not truncated at ZONE_MOVABLE's start.</param>
    public NodeZoneSizes(IReadOnlyList<MemblockRegion> memory, MemPfnRanges ranges, ArchZoneRanges arch, MovableZonePlan plan, bool mirroredKernelcore)
    {
        _memory = memory;
        _ranges = ranges;
        _arch = arch;
        _plan = plan;
        _mirroredKernelcore = mirroredKernelcore;
    }

    /// <summary>Every zone of node <paramref name="nid"/>, in zone index order.</summary>
    public IReadOnlyList<ZoneLayout> Zones(int nid)
    {
        var (nodeStart, nodeEnd) = _ranges.NodeSpan(nid);
        var zones = new ZoneLayout[ArchZoneRanges.ZoneCount];
        for (int z = 0; z < zones.Length; z++)
            zones[z] = Zone(nid, (ZoneType)z, nodeStart.Value, nodeEnd.Value);
        return zones;
    }

    private ZoneLayout Zone(int nid, ZoneType zone, ulong nodeStart, ulong nodeEnd)
    {
        // A node with no memory at all (a CPU-only node) has empty zones.
        if (nodeStart == 0 && nodeEnd == 0)
            return new ZoneLayout(zone, new Pfn(0), 0, 0);

        var (windowStart, windowEnd) = Window(nid, zone, nodeStart, nodeEnd);

        ulong spanned = 0;
        ulong zoneStart = 0;
        if (!(windowEnd < nodeStart || windowStart > nodeEnd))
        {
            zoneStart = Math.Max(windowStart, nodeStart);
            spanned = unchecked(Math.Min(windowEnd, nodeEnd) - zoneStart);
        }

        ulong absent = Absent(nid, zone, windowStart, windowEnd);
        ulong present = unchecked(spanned - absent);
        return new ZoneLayout(zone, new Pfn(spanned != 0 ? zoneStart : 0), spanned, present);
    }

    /// <summary>
    /// The zone's pfn window on the node before the final trim to the node: the node span clamped to the
    /// zone's architectural range, then adjust_zone_range_for_zone_movable.
    /// </summary>
    private (ulong Start, ulong End) Window(int nid, ZoneType zone, ulong nodeStart, ulong nodeEnd)
    {
        ulong low = _arch.Lowest(zone).Value, high = _arch.Highest(zone).Value;
        ulong start = Clamp(nodeStart, low, high);
        ulong end = Clamp(nodeEnd, low, high);

        if (_plan.StartOf(nid) is not { } movableStart)
            return (start, end);
        ulong zmp = movableStart.Value;
        if (zone == ZoneType.Movable)
            return (zmp, Math.Min(nodeEnd, _arch.Highest(_arch.MovableZone).Value));
        if (!_mirroredKernelcore && start < zmp && end > zmp)
            return (start, zmp);
        if (start >= zmp)
            return (start, start);
        return (start, end);
    }

    /// <summary>
    /// zone_absent_pages_in_node: the window's pfns not covered by the node's memory. Under
    /// kernelcore=mirror, Normal and Movable may overlap, so mirrored memory in Movable's window and
    /// unmirrored memory in Normal's window are counted as absent too; that walk covers the regions of
    /// every node, as the kernel's does.
    /// </summary>
    private ulong Absent(int nid, ZoneType zone, ulong start, ulong end)
    {
        ulong absent = unchecked(end - start);
        if (end > start)
            absent -= _ranges.NodePagesIn(nid, new Pfn(start), new Pfn(end));

        if (_mirroredKernelcore && _plan.StartOf(nid) is not null && (zone == ZoneType.Movable || zone == ZoneType.Normal))
        {
            bool wantMirror = zone == ZoneType.Movable;
            foreach (var region in RegionsNear(start, end))
            {
                if (((region.Flags & MemblockFlags.Mirror) != 0) != wantMirror)
                    continue;
                ulong s = Clamp(Pfn.Up(region.Base).Value, start, end);
                ulong e = Clamp(Pfn.Down(region.End).Value, start, end);
                absent = unchecked(absent + (e - s));
            }
        }
        return absent;
    }

    /// <summary>The memblock regions that can overlap [start, end) pfns, found by binary search (regions are sorted and disjoint).</summary>
    private IEnumerable<MemblockRegion> RegionsNear(ulong start, ulong end)
    {
        // Regions before lo hold no page at or above start; a region straddling start is included at lo.
        for (int i = MemblockType.FirstEndingAbove(_memory, start << Pfn.PageShift); i < _memory.Count && Pfn.Up(_memory[i].Base).Value < end; i++)
            yield return _memory[i];
    }

    /// <summary>The kernel's clamp(): max with the low bound first, then min with the high bound.</summary>
    private static ulong Clamp(ulong value, ulong low, ulong high) => Math.Min(Math.Max(value, low), high);
}
