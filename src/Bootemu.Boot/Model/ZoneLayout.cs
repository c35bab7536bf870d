using Bootemu.Core;

namespace Bootemu.Boot.Model;

/// <summary>
/// One zone of one node after free_area_init: where it starts, how many pfns it spans
/// (holes included) and how many of those are present (backed by memblock memory).
/// </summary>
public sealed record ZoneLayout(ZoneType Zone, Pfn StartPfn, ulong SpannedPages, ulong PresentPages)
{
    public Pfn EndPfn => StartPfn + SpannedPages;
    public bool IsPopulated => PresentPages != 0;

    /// <summary>
    /// managed_pages once boot is over: the present pages memblock_free_all and deferred init gave the buddy
    /// allocator, plus what the kernel frees later (its init sections, the initrd).
    /// </summary>
    public ulong ManagedPages { get; init; }

    /// <summary>The watermarks and lowmem_reserve the initcalls set (init_per_zone_wmark_min, then khugepaged's minimum).</summary>
    public ZoneWatermarks Watermarks { get; init; } = ZoneWatermarks.None;
}
