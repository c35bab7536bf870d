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
        bool atStart = zone.Start == start;
        if (!atStart && zone.End != end) return zone;
        // One pass over the online parts of this zone of this node outside [start, end): the lowest pfn still online
        // above the range (it becomes the start), or the highest below it (the end); none empties the zone.
        Pfn? border = null;
        foreach (var block in m.Blocks.Values)
        {
            if (block.State != BlockState.Online) continue;
            foreach (var s in block.Segments)
            {
                if (s.Nid != zone.Nid || s.Zone != zone.Zone || (s.Start >= start && s.End <= end)) continue;
                if (atStart && s.End > end && s.Start < zone.End)
                {
                    var nextOnline = Pfn.Max(s.Start, end);
                    border = border is { } lowest ? Pfn.Min(lowest, nextOnline) : nextOnline;
                }
                else if (!atStart && s.Start < start && s.End > zone.Start)
                {
                    var lastOnline = Pfn.Min(s.End, start);
                    border = border is { } highest ? Pfn.Max(highest, lastOnline) : lastOnline;
                }
            }
        }
        if (border is not { Value: not 0 } pfn) return zone with { Start = new Pfn(0), Spanned = 0 };
        return atStart ? zone with { Start = pfn, Spanned = zone.End - pfn } : zone with { Spanned = pfn - zone.Start };
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
