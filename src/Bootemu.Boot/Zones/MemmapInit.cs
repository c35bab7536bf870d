using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The part of memmap_init (mm/page_alloc.c) that prints: holes between memblock ranges get reserved
/// struct pages (init_unavailable_range), counted per zone. One global hole cursor runs over all
/// ranges in address order; for each range and each populated zone of its node, the range is clamped
/// to the zone, and the gap between the cursor and the clamped start is charged to that zone. The gap
/// after the last range, up to its section end, goes to the last populated zone looked at.
/// Only pfns in present sections count (a pageblock outside one is skipped), so wide holes between
/// sections cost nothing and nothing here walks pages.
/// </summary>
internal static class MemmapInit
{
    public static IReadOnlyList<UnavailableRange> UnavailableRanges(
        MemPfnRanges ranges, PresentSections sections, IReadOnlyDictionary<int, NodeLayout> nodes)
    {
        var found = new List<UnavailableRange>();
        ulong holePfn = 0;
        var lastZone = ZoneType.DMA;
        int lastNid = 0;
        ulong lastEnd = 0;

        foreach (var range in ranges.All)
        {
            lastNid = range.Nid;
            lastEnd = range.End.Value;
            if (!nodes.TryGetValue(range.Nid, out var node))
                continue;
            foreach (var zone in node.Zones)
            {
                if (!zone.IsPopulated)
                    continue;
                lastZone = zone.Zone;
                ulong zoneStart = zone.StartPfn.Value, zoneEnd = zone.EndPfn.Value;
                ulong start = Math.Min(Math.Max(range.Start.Value, zoneStart), zoneEnd);
                ulong end = Math.Min(Math.Max(range.End.Value, zoneStart), zoneEnd);
                if (start >= end)
                    continue;
                if (holePfn < start)
                    Charge(found, sections, holePfn, start, range.Nid, zone.Zone);
                holePfn = end;
            }
        }

        if (ranges.All.Count > 0)
        {
            ulong sectionEnd = (lastEnd + MemorySection.PagesPerSection - 1) & ~(MemorySection.PagesPerSection - 1);
            if (holePfn < sectionEnd)
                Charge(found, sections, holePfn, sectionEnd, lastNid, lastZone);
        }
        return found;
    }

    /// <summary>init_unavailable_range: reserve the hole's struct pages and report the count when there are any.</summary>
    private static void Charge(List<UnavailableRange> found, PresentSections sections, ulong start, ulong end, int nid, ZoneType zone)
    {
        ulong pages = sections.PresentPfnsIn(new Pfn(start), new Pfn(end));
        if (pages != 0)
            found.Add(new UnavailableRange(nid, zone, pages));
    }
}
