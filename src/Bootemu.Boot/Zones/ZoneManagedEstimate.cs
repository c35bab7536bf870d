using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Mm;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The managed pages free_area_init_core gives each zone (zone_init_internals) before any page reaches the buddy
/// allocator. The figure stands until memblock_free_all counts what it really releases, so whatever reads managed
/// pages in between (build_all_zonelists' "Total pages", on 6.1 the hash tables' nr_kernel_pages) reads this estimate.
/// </summary>
internal static class ZoneManagedEstimate
{
    /// <summary>sizeof(struct page): what calc_memmap_size charges a zone per page of memmap.</summary>
    private const ulong StructPageBytes = 64;

    /// <summary>
    /// The zone's estimate by the build's rule (<see cref="KernelModel.ManagedEstimate"/>); <paramref name="dmaReserve"/>
    /// is what memblock_find_dma_reserve found (<see cref="Setup.DmaReserve"/>).
    /// </summary>
    public static ulong Of(ZoneLayout zone, KernelModel kernel, ulong dmaReserve) => kernel.ManagedEstimate switch
    {
        ManagedEstimate.PresentLessMemmap => PresentLessMemmap(zone, dmaReserve),
        ManagedEstimate.Present => zone.PresentPages,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel.ManagedEstimate, "unknown managed-pages estimate"),
    };

    /// <summary>
    /// 6.1: present pages less the zone's memmap when they can pay for it (x86_64 has no highmem zone), and ZONE_DMA
    /// less the dma_reserve when it is larger.
    /// </summary>
    private static ulong PresentLessMemmap(ZoneLayout zone, ulong dmaReserve)
    {
        ulong memmap = MemmapPages(zone.SpannedPages, zone.PresentPages);
        ulong free = zone.PresentPages >= memmap ? zone.PresentPages - memmap : zone.PresentPages;
        return zone.Zone == ZoneType.DMA && free > dmaReserve ? free - dmaReserve : free;
    }

    /// <summary>
    /// calc_memmap_size: the memmap pages of a zone's span, or of its present pages when holes make the span more than
    /// a sixteenth larger (sparse memory has no memmap for whole missing sections).
    /// </summary>
    private static ulong MemmapPages(ulong spanned, ulong present)
    {
        ulong pages = spanned > present + (present >> 4) ? present : spanned;
        return (pages * StructPageBytes + Pfn.PageSize - 1) >> Pfn.PageShift;
    }
}
