namespace Bootemu.Boot.Kernel;

/// <summary>
/// The page kinds of struct page's flags word that dump_page names for the pages memory offline stops at, where the
/// builds differ (include/linux/page-flags.h). The node, zone and last-cpupid fields sit at the same places in both
/// (<see cref="DebianKernelBuild.PageFlagsNodeShift"/>).
/// </summary>
/// <param name="ReservedBit">PG_reserved: bit 12 on 6.1; bit 13 on 6.12, where PG_writeback and PG_head come before it.</param>
/// <param name="SlabBit">PG_slab on 6.1 (bit 9, "slab" in the flags line); null on 6.12, where a slab page is a page type.</param>
/// <param name="SlabPageType">
/// 6.12's PGTY_slab (0xf5), which dump_page prints on a line of its own ("page_type: f5(slab)"); null on 6.1.
/// </param>
public sealed record PageFlagBits(int ReservedBit, int? SlabBit, int? SlabPageType);
