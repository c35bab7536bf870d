using System.Collections.Immutable;
using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Derived;

/// <summary>How the MAX_ORDER blocks of one memory block (inside a range) stand, and which are whole and free.</summary>
/// <param name="Total">MAX_ORDER blocks of the memory block inside the range.</param>
/// <param name="Broken">Those holding a hole, a PageReserved page of boot or the block's own memmap (memmap_on_memory).</param>
/// <param name="Allocated">Those the block's allocated pages reach into.</param>
/// <param name="Derived">Those already in a derived zone.</param>
/// <param name="Free">The first pfn of each whole free one, ascending.</param>
internal sealed record MaxOrderCensus(int Total, int Broken, int Allocated, int Derived, ImmutableArray<Pfn> Free);

/// <summary>
/// Where the whole free MAX_ORDER blocks of a memory block are, for the derived-zones experiment. Holes, boot
/// reservations and memmap_on_memory pages have positions; allocated pages bootemu only counts per block, so they are
/// placed as the buddy allocator places small allocations: first into the free pages of MAX_ORDER blocks already broken
/// (the lower-order free lists), then into whole blocks from the lowest address up (boot frees memory in address order,
/// so the lowest whole block heads the free list and is split first).
/// </summary>
internal static class MaxOrderBlocks
{
    public static MaxOrderCensus Census(HotplugMachine m, MemoryBlock block, (Pfn Start, Pfn End)? within)
    {
        ulong n = m.Kernel.MaxOrderBlockPages;
        var ram = m.Iomem.Where(r => r.IsSystemRam).Select(r => PfnRanges.Inside(r.Start, r.End)).ToList();
        var derived = m.DerivedZones.SelectMany(z => z.MaxOrderBlocks).Where(p => p >= block.StartPfn && p < block.EndPfn).ToHashSet();
        var ownMemmapEnd = block.StartPfn + block.VmemmapPages;

        var whole = new List<Pfn>();
        var all = new List<Pfn>();
        for (var p = block.StartPfn; p < block.EndPfn; p += n)
        {
            all.Add(p);
            if (p >= ownMemmapEnd && PfnRanges.Covered(ram, p, p + n) == n && !Reserved(m.BootReservedPfns, p, p + n))
                whole.Add(p);
        }

        // The allocated pages that the broken blocks' free pages cannot hold take whole blocks, lowest first.
        ulong usable = block.SystemRamPages > block.ReservedPageCount + block.VmemmapPages
            ? block.SystemRamPages - block.ReservedPageCount - block.VmemmapPages : 0;
        ulong wholePages = (ulong)whole.Count * n;
        ulong brokenFree = usable > wholePages ? usable - wholePages : 0;
        // The kernel's own slab pages in the block take free pages too, as allocated pages do.
        ulong taken = block.UsedPageCount + block.SlabPageCount;
        ulong excess = taken > brokenFree ? taken - brokenFree : 0;
        int allocatedCount = (int)((excess + n - 1) / n);
        var notDerived = whole.Where(p => !derived.Contains(p)).ToList();
        var allocated = notDerived.Take(allocatedCount).ToHashSet();

        bool Inside(Pfn p) => within is not { } r || (p >= r.Start && p + n <= r.End);
        var wholeSet = whole.ToHashSet();
        return new MaxOrderCensus(
            Total: all.Count(Inside),
            Broken: all.Count(p => Inside(p) && !wholeSet.Contains(p)),
            Allocated: allocated.Count(Inside),
            Derived: derived.Count(Inside),
            Free: notDerived.Skip(allocatedCount).Where(Inside).ToImmutableArray());
    }

    /// <summary>
    /// Whether a PageReserved range meets [start, end). The ranges are memblock's sorted, disjoint regions rounded out to
    /// pages, so their ends ascend too: of those starting before <paramref name="end"/>, the last reaches furthest.
    /// </summary>
    private static bool Reserved(ImmutableArray<(Pfn Start, Pfn End)> reserved, Pfn start, Pfn end)
    {
        int lo = 0, hi = reserved.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (reserved[mid].Start < end) lo = mid + 1; else hi = mid;
        }
        return lo > 0 && reserved[lo - 1].End > start;
    }
}
