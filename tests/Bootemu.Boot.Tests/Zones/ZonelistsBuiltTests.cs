using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Setup;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Mm;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// build_all_zonelists' closing lines at boot (mm/page_alloc.c), with the managed-pages estimate free_area_init_core
/// leaves for them and x86's memblock_find_dma_reserve. The conformance boots check the lines against real logs;
/// these pin each rule on its own.
/// </summary>
[TestFixture]
public sealed class ZonelistsBuiltTests
{
    private static readonly Pfn Zero = new(0);

    [Test]
    public void Mobility_grouping_is_off_below_six_pageblocks_of_pages()
    {
        Assert.That(ZonelistsBuilt.BuiltLine(1, 3071), Is.EqualTo("Built 1 zonelists, mobility grouping off.  Total pages: 3071"));
        Assert.That(ZonelistsBuilt.BuiltLine(2, 3072), Is.EqualTo("Built 2 zonelists, mobility grouping on.  Total pages: 3072"));
    }

    [Test]
    public void Policy_zone_is_the_highest_populated_zone_but_never_movable()
    {
        Assert.That(ZonelistsBuilt.HighestPolicyZone(ZoneType.DMA, [ZoneType.DMA, ZoneType.DMA32, ZoneType.Movable]), Is.EqualTo(ZoneType.DMA32));
        Assert.That(ZonelistsBuilt.PolicyZoneLine(ZoneType.Normal), Is.EqualTo("Policy zone: Normal"));
    }

    [Test]
    public void On_6_1_a_zone_is_estimated_at_its_present_pages_less_its_memmap()
    {
        // 262,144 pages spanned and present: a 64-byte struct page each is 4,096 pages of memmap.
        var zone = new ZoneLayout(ZoneType.Normal, new Pfn(0x100000), 0x40000, 0x40000);
        Assert.That(ZoneManagedEstimate.Of(zone, KernelModel.Linux61, dmaReserve: 100), Is.EqualTo(0x40000UL - 4096));
    }

    [Test]
    public void On_6_1_holes_of_more_than_a_sixteenth_size_the_memmap_by_present_pages()
    {
        // 1,044,480 pages spanned but 520,160 present: the memmap of the present pages only, 8,128 pages (not 16,320).
        var zone = new ZoneLayout(ZoneType.DMA32, new Pfn(0x1000), 0xff000, 0x7efe0);
        Assert.That(ZoneManagedEstimate.Of(zone, KernelModel.Linux61, dmaReserve: 0), Is.EqualTo(512032UL));
    }

    [Test]
    public void On_6_1_zone_dma_also_loses_the_dma_reserve()
    {
        var zone = new ZoneLayout(ZoneType.DMA, new Pfn(1), 0xfff, 0xf9e);
        Assert.That(ZoneManagedEstimate.Of(zone, KernelModel.Linux61, dmaReserve: 158), Is.EqualTo(0xf9eUL - 64 - 158));
    }

    [Test]
    public void On_6_12_a_zone_is_estimated_at_its_present_pages()
    {
        var zone = new ZoneLayout(ZoneType.DMA, new Pfn(1), 0xfff, 0xf9e);
        Assert.That(ZoneManagedEstimate.Of(zone, KernelModel.Linux612, dmaReserve: 158), Is.EqualTo(0xf9eUL));
    }

    [Test]
    public void The_dma_reserve_counts_the_pages_below_16_MiB_that_memblock_holds_but_are_not_free()
    {
        var memblock = new Memblock.Memblock();
        memblock.Add(0x1000, 0x9e000);               // [4K, 636K): 158 pages
        memblock.Add(0x100000, 0x7ff00000);          // from 1 MiB: 3,840 pages below 16 MiB
        memblock.Reserve(0x1000, 0x1000);            // 1 page
        memblock.Reserve(0x9a000, 0x4800);           // 4.5 pages: the partial page at each end counts as not free
        memblock.Reserve(0xf00000, 0x200000);        // reaches past 16 MiB: 256 pages below it
        Assert.That(DmaReserve.Find(memblock), Is.EqualTo(1UL + 5 + 256));
    }

    [Test]
    public void The_boot_prints_the_lines_right_after_the_fallback_order()
    {
        var node = new NodeLayout(0, true, Zero, new Pfn(0x80000), null,
            [new ZoneLayout(ZoneType.DMA, new Pfn(1), 0xfff, 0xf9e), new ZoneLayout(ZoneType.DMA32, new Pfn(0x1000), 0x7f000, 0x7f000)], []);
        var log = new KernelLog();
        ZonelistsBuilt.PrintAtBoot([node], [0], onlineNodes: 1, dmaReserve: 0, KernelModel.Linux612, log);
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            $"Built 1 zonelists, mobility grouping on.  Total pages: {0xf9e + 0x7f000}",
            "Policy zone: DMA32",
        }));
    }
}
