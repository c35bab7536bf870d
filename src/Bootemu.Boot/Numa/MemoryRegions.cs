using Bootemu.Memblock;

namespace Bootemu.Boot.Numa;

/// <summary>Searches over a memblock type's regions, which memblock keeps sorted and disjoint.</summary>
internal static class MemoryRegions
{
    /// <summary>The index of the first region ending above <paramref name="address"/> (Count when none does).</summary>
    public static int FirstEndingAbove(IReadOnlyList<MemblockRegion> regions, ulong address)
    {
        int lo = 0, hi = regions.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (regions[mid].End <= address) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>memblock_overlaps_region: does any region intersect [start, end)?</summary>
    public static bool Overlaps(IReadOnlyList<MemblockRegion> regions, ulong start, ulong end)
    {
        int i = FirstEndingAbove(regions, start);
        return i < regions.Count && regions[i].Base < end;
    }

    /// <summary>The region holding <paramref name="address"/>, if any (memblock_search).</summary>
    public static MemblockRegion? Holding(IReadOnlyList<MemblockRegion> regions, ulong address)
    {
        int i = FirstEndingAbove(regions, address);
        return i < regions.Count && regions[i].Base <= address ? regions[i] : null;
    }
}
