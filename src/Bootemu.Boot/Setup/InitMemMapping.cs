using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Setup;

/// <summary>
/// init_mem_mapping() (arch/x86/mm/init.c, init_64.c): builds the kernel's direct map of RAM and
/// with it the page tables, which come first from a 12-page buffer in the brk area and, once that
/// is used up or overlaps the range being mapped, from memblock inside the part already mapped.
/// Top-down (the default) maps from the end of RAM downwards, so its memblock pages sit at the
/// very top of RAM (and later allocations land below them); bottom-up (movable_node) maps from
/// the kernel's end upwards, keeping the tables next to the kernel. The map uses 2 MiB pages,
/// 4 KiB pages at range edges that are not 2 MiB aligned: one PUD table per 512 GiB, one PMD
/// table per 1 GiB and one PTE table per 2 MiB mapped with small pages. Work is per GiB.
/// </summary>
internal sealed class InitMemMapping
{
    private const ulong Pmd = 2UL << 20;
    private const int PudShift = 30, PgdShift = 39, PmdShift = 21;

    /// <summary>INIT_PGT_BUF_SIZE with CONFIG_RANDOMIZE_MEMORY: 12 pages, taken from brk by early_alloc_pgt_buf.</summary>
    private const ulong BrkBufferPages = 12;

    private readonly Memblock.Memblock _memblock;
    private readonly BootAllocations _allocations;
    private readonly TablePages _pudTables = new(), _pmdTables = new();
    private readonly HashSet<ulong> _pteTables = new(); // at most two per mapped range: a set is enough
    private ulong _pgtBufEnd;
    private readonly ulong _pgtBufTop;
    private bool _canUseBrk = true;
    private ulong _minPfnMapped, _maxPfnMapped;
    // memblock.memory's pages, read once: mapping only reserves (page tables), so RAM does not change meanwhile.
    private readonly (Pfn Start, Pfn End, int Nid)[] _ram;

    private InitMemMapping(Memblock.Memblock memblock, ulong brkStart, BootAllocations allocations)
    {
        _memblock = memblock;
        _allocations = allocations;
        _pgtBufEnd = brkStart >> Pfn.PageShift;
        _pgtBufTop = _pgtBufEnd + BrkBufferPages;
        _ram = memblock.MemPfnRanges().ToArray();
    }

    /// <summary>Maps [0, max_pfn) the way init_mem_mapping does; the memblock direction decides the order.</summary>
    /// <param name="kernelEnd">_end, where bottom-up mapping starts.</param>
    /// <param name="brkStart">the start of the brk area, whose first pages are the early page-table buffer.</param>
    public static void Run(Memblock.Memblock memblock, Pfn maxPfn, ulong kernelEnd, ulong brkStart, BootAllocations allocations)
    {
        var m = new InitMemMapping(memblock, brkStart, allocations);
        ulong end = maxPfn.Address;
        // The ISA range is always mapped, holes or not.
        m.MapRange(0, DebianKernelBuild.IsaEnd);
        if (memblock.BottomUp)
        {
            m.MapBottomUp(kernelEnd, end);
            m.MapBottomUp(DebianKernelBuild.IsaEnd, kernelEnd);
        }
        else
        {
            m.MapTopDown(DebianKernelBuild.IsaEnd, end);
        }
    }

    /// <summary>memory_map_top_down: probe a free 2 MiB at the top, then map downwards in growing steps.</summary>
    private void MapTopDown(ulong mapStart, ulong mapEnd)
    {
        ulong probe = _memblock.PhysAllocRange(Pmd, Pmd, mapStart, mapEnd);
        if (probe != 0) _memblock.PhysFree(probe, Pmd);
        ulong realEnd = probe != 0 ? probe + Pmd : mapEnd;

        ulong step = Pmd, mapped = 0;
        _maxPfnMapped = 0;
        _minPfnMapped = realEnd >> Pfn.PageShift;
        ulong lastStart = realEnd;
        while (lastStart > mapStart)
        {
            // Steps over a stretch without RAM map nothing and leave the step size alone: go straight to the step
            // that holds the next RAM below, so the loop runs per RAM range rather than per 2 MiB of address space.
            ulong ramEnd = Math.Max(RamEndBelow(lastStart), mapStart);
            if (ramEnd < lastStart && lastStart % step == 0)
            {
                lastStart = Math.Max((ramEnd + step - 1) / step * step, mapStart);
                _minPfnMapped = lastStart >> Pfn.PageShift;
            }
            if (lastStart <= mapStart) { _minPfnMapped = mapStart >> Pfn.PageShift; break; }
            ulong start = lastStart > step ? Math.Max((lastStart - 1) / step * step, mapStart) : mapStart;
            mapped += MapRamIn(start, lastStart);
            lastStart = start;
            _minPfnMapped = lastStart >> Pfn.PageShift;
            if (mapped >= step) step = NextStep(step);
        }
        if (realEnd < mapEnd) MapRamIn(realEnd, mapEnd);
    }

    /// <summary>memory_map_bottom_up: map upwards from <paramref name="mapStart"/> in growing steps.</summary>
    private void MapBottomUp(ulong mapStart, ulong mapEnd)
    {
        ulong step = Pmd, mapped = 0, start = mapStart;
        _minPfnMapped = start >> Pfn.PageShift;
        while (start < mapEnd)
        {
            // As in MapTopDown: stretches without RAM are crossed in one go, to the step that holds the next RAM.
            ulong ramStart = Math.Min(RamStartAbove(start), mapEnd);
            if (ramStart > start && step != 0 && start % step == 0)
                start = Math.Min(ramStart / step * step, mapEnd);
            if (start >= mapEnd) break;
            ulong next = step != 0 && mapEnd - start > step ? Math.Min((start + step) / step * step, mapEnd) : mapEnd;
            mapped += MapRamIn(start, next);
            start = next;
            if (mapped >= step) step = NextStep(step);
        }
    }

    /// <summary>The start of the first RAM (memblock.memory) at or above <paramref name="address"/>, or ulong.MaxValue.</summary>
    private ulong RamStartAbove(ulong address)
    {
        foreach (var (s, e, _) in _ram)
            if (e.Address > address) return Math.Max(s.Address, address);
        return ulong.MaxValue;
    }

    /// <summary>The end of the last RAM (memblock.memory) below <paramref name="address"/>, or 0.</summary>
    private ulong RamEndBelow(ulong address)
    {
        ulong end = 0;
        foreach (var (s, e, _) in _ram)
        {
            if (s.Address >= address) break;
            end = Math.Min(e.Address, address);
        }
        return end;
    }

    /// <summary>get_new_step_size: each step may map 256 times more than the last.</summary>
    private static ulong NextStep(ulong step) => step << (PmdShift - 12 - 1);

    /// <summary>init_range_memory_mapping: maps the RAM (memblock.memory) inside [start, end), range by range.</summary>
    private ulong MapRamIn(ulong start, ulong end)
    {
        ulong mapped = 0;
        foreach (var (s, e, _) in _ram)
        {
            ulong from = Math.Clamp(s.Address, start, end), to = Math.Clamp(e.Address, start, end);
            if (from >= to) continue;
            // The brk buffer cannot hold tables for a range it lies in.
            _canUseBrk = Math.Max(from, _pgtBufEnd << Pfn.PageShift) >= Math.Min(to, _pgtBufTop << Pfn.PageShift);
            MapRange(from, to);
            mapped += to - from;
            _canUseBrk = true;
        }
        return mapped;
    }

    /// <summary>
    /// init_memory_mapping → kernel_physical_mapping_init: the tables [start, end) needs. Every table
    /// is one page and the brk/memblock choice cannot change within one call, so only their number
    /// matters, not their order.
    /// </summary>
    private void MapRange(ulong start, ulong end)
    {
        // One PUD table per 512 GiB and one PMD table per GiB the range touches, unless an earlier range made it.
        ulong tables = _pudTables.Add(start >> PgdShift, (end - 1) >> PgdShift) + _pmdTables.Add(start >> PudShift, (end - 1) >> PudShift);
        // Small pages only at the unaligned head and tail, each inside one 2 MiB (one PTE table).
        ulong bigStart = Math.Min((start + Pmd - 1) / Pmd * Pmd, end);
        ulong bigEnd = Math.Max(end / Pmd * Pmd, bigStart);
        if (start < bigStart && _pteTables.Add(start >> PmdShift)) tables++;
        if (bigEnd < end && _pteTables.Add((end - 1) >> PmdShift)) tables++;
        AllocTables(tables);
        _maxPfnMapped = Math.Max(_maxPfnMapped, end >> 12);
    }

    /// <summary>
    /// <paramref name="count"/> calls of alloc_low_pages(1). Without memblock=debug (whose per-call
    /// lines must all be printed) the memblock pages are taken in one piece when that is provably the
    /// same: the first free page in the allocation direction starts (or, top-down, ends) a free run
    /// long enough for all of them, so one-by-one allocation would take exactly that run.
    /// </summary>
    private void AllocTables(ulong count)
    {
        while (count > 0 && _pgtBufEnd + 1 <= _pgtBufTop && _canUseBrk)
        {
            _pgtBufEnd++;
            count--;
        }
        if (count > 1 && !_memblock.Debug && _minPfnMapped < _maxPfnMapped)
        {
            ulong lo = _minPfnMapped << Pfn.PageShift, hi = _maxPfnMapped << Pfn.PageShift, bytes = count * Pfn.PageSize;
            ulong first = _memblock.FindInRangeNode(Pfn.PageSize, Pfn.PageSize, lo, hi, Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None);
            ulong run = _memblock.FindInRangeNode(bytes, Pfn.PageSize, lo, hi, Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None);
            bool same = first != 0 && run != 0 && (_memblock.BottomUp ? run == first : run + bytes - Pfn.PageSize == first);
            if (same && _memblock.PhysAllocRange(bytes, Pfn.PageSize, lo, hi) == run)
            {
                _allocations.Add(BootAllocationNames.PageTables, run, bytes);
                return;
            }
        }
        for (; count > 0; count--) AllocTable();
    }

    /// <summary>alloc_low_pages(1): the brk buffer while it lasts and may be used, else memblock in the mapped part.</summary>
    private void AllocTable()
    {
        if (_pgtBufEnd + 1 <= _pgtBufTop && _canUseBrk)
        {
            _pgtBufEnd++;
            return;
        }
        if (_minPfnMapped < _maxPfnMapped)
        {
            ulong page = _memblock.PhysAllocRange(Pfn.PageSize, Pfn.PageSize, _minPfnMapped << Pfn.PageShift, _maxPfnMapped << Pfn.PageShift);
            if (page != 0)
            {
                _allocations.Add(BootAllocationNames.PageTables, page, Pfn.PageSize);
                return;
            }
        }
        // extend_brk: the kernel grows its brk area (and panics when that is full); no memblock change.
    }

    /// <summary>
    /// Which page-table pages of one level exist, as disjoint runs of table indices (the GiB or 512 GiB each maps), sorted.
    /// A boot maps a handful of ranges, so it makes a handful of runs whatever the machine's size: the cost follows the
    /// ranges, never the address space (a bit per index would grow with the highest address mapped, and an image or RAM
    /// near 2^64 would ask for gigabytes). Internal (not private) so a property test can check it against a plain set.
    /// </summary>
    internal sealed class TablePages
    {
        private readonly List<(ulong First, ulong Last)> _runs = new();

        /// <summary>Marks tables <paramref name="first"/> .. <paramref name="last"/> as made; returns how many were new.</summary>
        public ulong Add(ulong first, ulong last)
        {
            // The runs that overlap or touch [first, last] merge with it; the new indices are its size less theirs inside it.
            int i = 0;
            // Skip the runs that end before first - 1 (tested as Last < first first, so a run ending at 2^64 - 1 cannot wrap).
            while (i < _runs.Count && _runs[i].Last < first && _runs[i].Last + 1 < first) i++;
            ulong added = last - first + 1;
            ulong mergedFirst = first, mergedLast = last;
            int j = i;
            while (j < _runs.Count && (_runs[j].First <= last || _runs[j].First - 1 == last))
            {
                var run = _runs[j];
                ulong overlapFirst = Math.Max(run.First, first), overlapLast = Math.Min(run.Last, last);
                if (overlapFirst <= overlapLast) added -= overlapLast - overlapFirst + 1;
                mergedFirst = Math.Min(mergedFirst, run.First);
                mergedLast = Math.Max(mergedLast, run.Last);
                j++;
            }
            _runs.RemoveRange(i, j - i);
            _runs.Insert(i, (mergedFirst, mergedLast));
            return added;
        }
    }
}
