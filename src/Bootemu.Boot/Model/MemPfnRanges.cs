using Bootemu.Core;
using Bootemu.Memblock;

namespace Bootemu.Boot.Model;

/// <summary>One step of for_each_mem_pfn_range: a memblock memory region trimmed to whole pages.</summary>
public readonly record struct MemPfnRange(Pfn Start, Pfn End, int Nid)
{
    public ulong Pages => End - Start;
}

/// <summary>
/// memblock.memory seen as page frame ranges, the way mm/page_alloc.c walks it with
/// for_each_mem_pfn_range: each region becomes [PFN_UP(base), PFN_DOWN(end)), regions holding no whole
/// page are skipped, and adjacent regions are NOT merged. Built once per boot so every zone step can
/// look up a node's ranges (or the ranges crossing a window) by binary search instead of rescanning.
/// </summary>
public sealed class MemPfnRanges
{
    private readonly MemPfnRange[] _all;
    private readonly Dictionary<int, MemPfnRange[]> _byNode;

    public MemPfnRanges(IReadOnlyList<MemblockRegion> memory)
    {
        _all = Memblock.Memblock.MemPfnRanges(memory).Select(r => new MemPfnRange(r.Start, r.End, r.Nid)).ToArray();
        _byNode = _all.GroupBy(r => r.Nid).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Every range over all nodes, in address order (for_each_mem_pfn_range with MAX_NUMNODES).</summary>
    public IReadOnlyList<MemPfnRange> All => _all;

    /// <summary>The node ids that own at least one range, ascending.</summary>
    public IEnumerable<int> Nids => _byNode.Keys.Order();

    /// <summary>The ranges of one node in address order (for_each_mem_pfn_range with that nid).</summary>
    public ReadOnlySpan<MemPfnRange> OfNode(int nid) =>
        _byNode.TryGetValue(nid, out var ranges) ? ranges : ReadOnlySpan<MemPfnRange>.Empty;

    /// <summary>
    /// get_pfn_range_for_nid: the lowest start and highest end over the node's ranges, so a node's span
    /// may contain other nodes' memory. A node without ranges spans [0, 0).
    /// </summary>
    public (Pfn Start, Pfn End) NodeSpan(int nid)
    {
        var ranges = OfNode(nid);
        if (ranges.IsEmpty)
            return (new Pfn(0), new Pfn(0));
        var start = ranges[0].Start;
        var end = ranges[0].End;
        foreach (var r in ranges)
        {
            start = Pfn.Min(start, r.Start);
            end = Pfn.Max(end, r.End);
        }
        return (start, end);
    }

    /// <summary>early_calculate_totalpages: every page of every range, holes excluded, low memory included.</summary>
    public ulong TotalPages()
    {
        ulong total = 0;
        foreach (var r in _all)
            total += r.Pages;
        return total;
    }

    /// <summary>
    /// The pages of node <paramref name="nid"/>'s ranges that fall inside [start, end): the complement of
    /// __absent_pages_in_range.
    /// </summary>
    public ulong NodePagesIn(int nid, Pfn start, Pfn end) => PagesIn(OfNode(nid), start, end);

    /// <summary>The pages of every node's ranges that fall inside [start, end): the complement of absent_pages_in_range.</summary>
    public ulong PagesIn(Pfn start, Pfn end) => PagesIn(_all, start, end);

    private static ulong PagesIn(ReadOnlySpan<MemPfnRange> ranges, Pfn start, Pfn end)
    {
        ulong pages = 0;
        for (int i = FirstEndingAfter(ranges, start); i < ranges.Length && ranges[i].Start < end; i++)
            pages += Pfn.Min(ranges[i].End, end) - Pfn.Max(ranges[i].Start, start);
        return pages;
    }

    /// <summary>The index of the first range whose end lies above <paramref name="pfn"/> (ranges are sorted and disjoint).</summary>
    public static int FirstEndingAfter(ReadOnlySpan<MemPfnRange> ranges, Pfn pfn)
    {
        int lo = 0, hi = ranges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid].End <= pfn) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
