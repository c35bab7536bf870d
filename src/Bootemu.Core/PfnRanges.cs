namespace Bootemu.Core;

/// <summary>Small helpers over half-open pfn intervals [Start, End).</summary>
public static class PfnRanges
{
    public static (Pfn Start, Pfn End) Clip((Pfn Start, Pfn End) range, Pfn start, Pfn end) =>
        (Pfn.Max(range.Start, start), Pfn.Min(range.End, end));

    /// <summary>Pages of [start, end) covered by the (non-overlapping) ranges.</summary>
    public static ulong Covered(IEnumerable<(Pfn Start, Pfn End)> ranges, Pfn start, Pfn end)
    {
        ulong pages = 0;
        foreach (var r in ranges)
        {
            var (s, e) = Clip(r, start, end);
            if (s < e) pages += e - s;
        }
        return pages;
    }

    /// <summary>
    /// Pages of [start, end) covered by ranges in address order and disjoint (<see cref="Union"/>'s result, a sanitized
    /// e820 table): the first that can meet the window is found by binary search, so many windows over a long list stay cheap.
    /// </summary>
    public static ulong CoveredSorted(ReadOnlySpan<(Pfn Start, Pfn End)> ranges, Pfn start, Pfn end)
    {
        int lo = 0, hi = ranges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid].End <= start) lo = mid + 1; else hi = mid;
        }
        ulong pages = 0;
        for (int i = lo; i < ranges.Length && ranges[i].Start < end; i++)
            pages += Pfn.Min(ranges[i].End, end) - Pfn.Max(ranges[i].Start, start);
        return pages;
    }

    /// <summary>Pages covered by both lists (each list non-overlapping).</summary>
    public static ulong CoveredByBoth(IEnumerable<(Pfn Start, Pfn End)> a, IReadOnlyList<(Pfn Start, Pfn End)> b, Pfn start, Pfn end)
    {
        ulong pages = 0;
        foreach (var r in a)
        {
            var (s, e) = Clip(r, start, end);
            if (s < e) pages += Covered(b, s, e);
        }
        return pages;
    }

    /// <summary>The ranges with <paramref name="hole"/> cut out of them (unchanged when it is null).</summary>
    public static List<(Pfn Start, Pfn End)> Without(IEnumerable<(Pfn Start, Pfn End)> ranges, (Pfn Start, Pfn End)? hole)
    {
        var result = new List<(Pfn Start, Pfn End)>();
        foreach (var r in ranges)
        {
            if (hole is not { } h || h.End <= r.Start || h.Start >= r.End) { result.Add(r); continue; }
            if (r.Start < h.Start) result.Add((r.Start, h.Start));
            if (h.End < r.End) result.Add((h.End, r.End));
        }
        return result;
    }

    /// <summary>PFN_DOWN(base)..PFN_UP(end): every page a byte range touches.</summary>
    public static (Pfn Start, Pfn End) Touched(ulong @base, ulong end) => (Pfn.Down(@base), Pfn.Up(end));

    /// <summary>PFN_UP(base)..PFN_DOWN(end): the whole pages inside a byte range (walk_system_ram_range).</summary>
    public static (Pfn Start, Pfn End) Inside(ulong @base, ulong end) => (Pfn.Up(@base), Pfn.Down(end));

    /// <summary>The ranges sorted and merged where they overlap or touch, so that <see cref="Covered"/> and <see cref="CoveredSorted"/> may count them.</summary>
    public static List<(Pfn Start, Pfn End)> Union(IEnumerable<(Pfn Start, Pfn End)> ranges)
    {
        var sorted = new List<(Pfn Start, Pfn End)>();
        bool inOrder = true;
        foreach (var r in ranges)
        {
            if (r.Start >= r.End) continue;
            inOrder &= sorted.Count == 0 || sorted[^1].Start <= r.Start;
            sorted.Add(r);
        }
        // Ranges taken from memblock's arrays come in address order already: no sort for them.
        if (!inOrder) sorted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(Pfn Start, Pfn End)>(sorted.Count);
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, Pfn.Max(merged[^1].End, r.End));
            else
                merged.Add(r);
        }
        return merged;
    }
}
