using System.Collections.Immutable;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// Where the memory block devices of two boots differ, compared by physical address so that boots with different
/// block sizes compare too: each side's blocks as lsmem rows (consecutive blocks with the same state, zones and nodes
/// merged), cut where either side's rows start or end, and the pieces where the two sides differ merged again.
/// </summary>
public static class BlockRanges
{
    private readonly record struct Row(ulong Start, ulong End, BlockView View);

    public static ImmutableArray<BlockRangeChange> Between(HotplugMachine? a, HotplugMachine? b)
    {
        var rowsA = Rows(a);
        var rowsB = Rows(b);
        var cuts = rowsA.Concat(rowsB).SelectMany(r => new[] { r.Start, r.End }).Distinct().Order().ToList();
        var changes = new List<BlockRangeChange>();
        for (int i = 0; i + 1 < cuts.Count; i++)
        {
            ulong start = cuts[i], end = cuts[i + 1];
            var viewA = ViewAt(rowsA, start);
            var viewB = ViewAt(rowsB, start);
            if (viewA == viewB) continue;
            if (changes.Count > 0 && changes[^1].End == start && changes[^1].A == viewA && changes[^1].B == viewB)
                changes[^1] = changes[^1] with { End = end };
            else
                changes.Add(new BlockRangeChange(start, end, viewA, viewB));
        }
        return changes.ToImmutableArray();
    }

    /// <summary>The view of the row holding <paramref name="address"/>, null in a gap between blocks.</summary>
    private static BlockView? ViewAt(List<Row> rows, ulong address)
    {
        int lo = 0, hi = rows.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (rows[mid].End <= address) lo = mid + 1; else hi = mid;
        }
        return lo < rows.Count && rows[lo].Start <= address ? rows[lo].View : null;
    }

    /// <summary>The blocks as sysfs shows them, consecutive equal ones merged, in address order; none after a panic.</summary>
    private static List<Row> Rows(HotplugMachine? m)
    {
        var rows = new List<Row>();
        if (m is null) return rows;
        foreach (var block in SysfsView.Blocks(m))
        {
            ulong start = (ulong)block.Id * m.BlockSize;
            var view = new BlockView(block.State, string.Join(" ", block.ValidZones), string.Join(",", block.Nodes));
            if (rows.Count > 0 && rows[^1].End == start && rows[^1].View == view)
                rows[^1] = rows[^1] with { End = start + m.BlockSize };
            else
                rows.Add(new Row(start, start + m.BlockSize, view));
        }
        return rows;
    }
}
