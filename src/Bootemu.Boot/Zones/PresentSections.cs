using Bootemu.Core;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The 128 MiB memory sections sparse_init marks present (memblocks_present / memory_present): every
/// section that any memblock pfn range touches. Kept as merged runs of section numbers so counting the
/// present pfns of a window costs a binary search, not a walk over pages.
/// </summary>
public sealed class PresentSections
{
    /// <summary>SECTION_SIZE_BITS − PAGE_SHIFT: 32768 pages (128 MiB) per section.</summary>
    public const int PfnSectionShift = 15;
    public const ulong PagesPerSection = 1UL << PfnSectionShift;

    // Half-open runs [first, last + 1) of present section numbers, ascending and not touching.
    private readonly (ulong Start, ulong End)[] _runs;

    public PresentSections(IReadOnlyList<MemPfnRange> ranges)
    {
        var runs = new List<(ulong Start, ulong End)>();
        foreach (var r in ranges.OrderBy(r => r.Start.Value))
        {
            ulong first = r.Start.Value >> PfnSectionShift;
            ulong end = ((r.End.Value - 1) >> PfnSectionShift) + 1;
            if (runs.Count > 0 && first <= runs[^1].End)
                runs[^1] = (runs[^1].Start, Math.Max(runs[^1].End, end));
            else
                runs.Add((first, end));
        }
        _runs = runs.ToArray();
    }

    /// <summary>
    /// The ids, ascending, of the memory blocks of <paramref name="sectionsPerBlock"/> sections that hold at least
    /// one present section (the blocks memory_dev_init creates). Worked out per run, not per section: a 64 TiB
    /// machine has half a million sections but only a few runs. Runs never touch, but two can share a block, so an
    /// id equal to the last one given is skipped.
    /// </summary>
    public IEnumerable<ulong> BlockIds(ulong sectionsPerBlock)
    {
        ulong? last = null;
        foreach (var (start, end) in _runs)
        {
            ulong first = start / sectionsPerBlock;
            if (first == last) first++;
            for (ulong id = first; id <= (end - 1) / sectionsPerBlock; id++)
                yield return id;
            last = (end - 1) / sectionsPerBlock;
        }
    }

    /// <summary>present_section_nr: whether section number <paramref name="section"/> is present.</summary>
    public bool IsPresent(ulong section)
    {
        int i = FirstRunEndingAfter(section);
        return i < _runs.Length && _runs[i].Start <= section;
    }

    /// <summary>The pfns of [start, end) that lie in present sections (pfn_valid at boot, where every present section is an early one).</summary>
    public ulong PresentPfnsIn(Pfn start, Pfn end)
    {
        if (start >= end)
            return 0;
        ulong count = 0;
        for (int i = FirstRunEndingAfter(start.Value >> PfnSectionShift); i < _runs.Length; i++)
        {
            ulong runStart = _runs[i].Start << PfnSectionShift;
            ulong runEnd = _runs[i].End << PfnSectionShift;
            if (runStart >= end.Value)
                break;
            count += Math.Min(runEnd, end.Value) - Math.Max(runStart, start.Value);
        }
        return count;
    }

    private int FirstRunEndingAfter(ulong section)
    {
        int lo = 0, hi = _runs.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_runs[mid].End <= section) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
