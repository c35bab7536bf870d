using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>How zone spans and present counts follow onlining and offlining (mm/memory_hotplug.c).</summary>
internal static class ZoneSpans
{
    /// <summary>resize_zone_range (via move_pfn_range_to_zone): the span grows to include the range.</summary>
    public static ZoneState Grow(ZoneState zone, Pfn start, ulong pages)
    {
        var end = start + pages;
        if (zone.IsEmpty) return zone with { Start = start, Spanned = pages };
        var newStart = Pfn.Min(zone.Start, start);
        return zone with { Start = newStart, Spanned = Pfn.Max(zone.End, end) - newStart };
    }

    /// <summary>
    /// shrink_zone_span (via remove_pfn_range_from_zone): only a range at the start or the end of the span moves
    /// that border, to the next pfn still online in this zone of this node, or empties the zone. A range in the
    /// middle leaves the span as it was.
    /// </summary>
    public static ZoneState Shrink(HotplugMachine m, ZoneState zone, Pfn start, Pfn end)
    {
        bool Remains(ZoneSegment s) => s.Nid == zone.Nid && s.Zone == zone.Zone && !(s.Start >= start && s.End <= end);
        if (zone.Start == start)
        {
            // Blocks are keyed by address and each segment lies in its block, so the first block after the range with a
            // segment still in the zone holds the lowest such pfn.
            foreach (var block in m.OnlineBlocksOver(end, zone.End, descending: false))
            {
                var next = block.Segments.Where(s => Remains(s) && s.End > end && s.Start < zone.End).Select(s => Pfn.Max(s.Start, end)).DefaultIfEmpty().Min();
                if (next.Value != 0) return zone with { Start = next, Spanned = zone.End - next };
            }
            return zone with { Start = new Pfn(0), Spanned = 0 };
        }
        if (zone.End == end)
        {
            foreach (var block in m.OnlineBlocksOver(zone.Start, start, descending: true))
            {
                var last = block.Segments.Where(s => Remains(s) && s.Start < start && s.End > zone.Start).Select(s => Pfn.Min(s.End, start)).DefaultIfEmpty().Max();
                if (last.Value != 0) return zone with { Spanned = last - zone.Start };
            }
            return zone with { Start = new Pfn(0), Spanned = 0 };
        }
        return zone;
    }

    /// <summary>adjust_present_page_count: zone (and node) present pages, the boot share, and the group's counts.</summary>
    public static HotplugMachine AdjustPresent(HotplugMachine m, MemoryBlock block, ZoneState zone, long delta)
    {
        zone = zone with
        {
            Present = (ulong)((long)zone.Present + delta),
            PresentEarly = block.Early ? (ulong)((long)zone.PresentEarly + delta) : zone.PresentEarly,
        };
        m = m.WithZone(zone);
        if (m.GroupById(block.Group) is { } group)
        {
            group = zone.Zone == ZoneType.Movable
                ? group with { PresentMovablePages = (ulong)((long)group.PresentMovablePages + delta) }
                : group with { PresentKernelPages = (ulong)((long)group.PresentKernelPages + delta) };
            m = m.WithGroup(group);
        }
        return m;
    }
}
