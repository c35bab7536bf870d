using Bootemu.Core;
using Bootemu.Boot.Zones;

namespace Bootemu.Boot.Setup;

/// <summary>
/// memblock_find_dma_reserve (arch/x86/mm/init.c), called by setup_arch after initmem_init: the pages of the first
/// 16 MiB that memblock.memory holds but that are not free (the BIOS area, the trampoline, early page tables, whatever
/// was reserved there so far). 6.1's free_area_init_core takes them off ZONE_DMA's managed estimate (set_dma_reserve).
/// 6.12 no longer has the call: the count is made on both builds, and only 6.1's estimate
/// (<see cref="Kernel.ManagedEstimate.PresentLessMemmap"/>) reads it.
/// </summary>
internal static class DmaReserve
{
    public static ulong Find(Memblock.Memblock memblock)
    {
        ulong maxDmaPfn = ArchZoneRanges.MaxDmaPfn.Value;
        // Every memory range, free and reserved alike, whole pages only (for_each_mem_pfn_range).
        ulong pages = 0;
        foreach (var (start, end, _) in Memblock.Memblock.MemPfnRanges(memblock.Memory.Regions))
            pages += Math.Min(end.Value, maxDmaPfn) - Math.Min(start.Value, maxDmaPfn);
        // The free ranges, without the partial pages at either end (PFN_UP / PFN_DOWN).
        ulong free = 0;
        foreach (var (start, end, _) in memblock.FreeRanges(Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None))
        {
            ulong first = Math.Min(Pfn.Up(start).Value, maxDmaPfn), last = Math.Min(Pfn.Down(end).Value, maxDmaPfn);
            if (first < last) free += last - first;
        }
        return pages > free ? pages - free : 0;
    }
}
