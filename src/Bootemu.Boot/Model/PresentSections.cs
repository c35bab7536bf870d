using Bootemu.Core;

namespace Bootemu.Boot.Model;

/// <summary>
/// Consecutive 128 MiB memory sections [<see cref="First"/>, First + <see cref="Count"/>) that have memory at boot,
/// each with the node it was first seen on. A 64 TiB machine has half a million present sections, so they are kept
/// as runs, never one by one.
/// </summary>
public readonly record struct PresentSectionRun(ulong First, ulong Count, int Nid)
{
    /// <summary>One past the last section of the run.</summary>
    public ulong End => First + Count;
}

/// <summary>
/// The memory sections sparse_init marked present (memblocks_present / memory_present): every section that a memblock
/// pfn range touches, below MAX_PHYSMEM_BITS. Computed once, by sparse_init, and read by memmap_init and by the memory
/// block devices after boot. Kept as merged runs of section numbers so counting the present pfns of a window costs a
/// binary search, not a walk over pages.
/// </summary>
public sealed class PresentSections
{
    // Half-open runs [first, last + 1) of present section numbers, ascending and not touching.
    private readonly (ulong Start, ulong End)[] _runs;

    /// <param name="runs">sparse_init's runs, in ascending order.</param>
    public PresentSections(IReadOnlyList<PresentSectionRun> runs)
    {
        Runs = runs;
        var merged = new List<(ulong Start, ulong End)>();
        foreach (var r in runs)
        {
            if (merged.Count > 0 && r.First <= merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else
                merged.Add((r.First, r.End));
        }
        _runs = merged.ToArray();
    }

    /// <summary>The runs as sparse_init found them, each with its node.</summary>
    public IReadOnlyList<PresentSectionRun> Runs { get; }

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
        for (int i = FirstRunEndingAfter(start.Value >> MemorySection.PfnSectionShift); i < _runs.Length; i++)
        {
            ulong runStart = _runs[i].Start << MemorySection.PfnSectionShift;
            ulong runEnd = _runs[i].End << MemorySection.PfnSectionShift;
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
