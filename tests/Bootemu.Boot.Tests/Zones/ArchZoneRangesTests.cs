using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>zone_sizes_init, free_area_init's boundary walk and find_usable_zone_for_movable (docs/linux-6.1-boot-memory.md §6.1).</summary>
[TestFixture]
public sealed class ArchZoneRangesTests
{
    [Test]
    public void Ram_below_4G_leaves_normal_empty_and_ends_dma32_at_max_pfn()
    {
        // The reference's [boot-checked] rule, with QEMU's 2 GiB layout (max_pfn 0x7ffe0).
        var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0x7ffe0), new Pfn(1));
        Assert.That(arch.ZoneRangesLines(), Is.EqualTo(new[]
        {
            "Zone ranges:",
            "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
            "  DMA32    [mem 0x0000000001000000-0x000000007ffdffff]",
            "  Normal   empty",
            "  Device   empty",
        }));
        Assert.That(arch.MovableZone, Is.EqualTo(ZoneType.DMA32));
    }

    [Test]
    public void Ram_above_4G_makes_normal_the_movable_zone()
    {
        var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0x180000), new Pfn(1));
        Assert.That(arch.MovableZone, Is.EqualTo(ZoneType.Normal));
        Assert.That(arch.Lowest(ZoneType.Normal), Is.EqualTo(new Pfn(0x100000)));
    }

    [Test]
    public void Ram_below_16M_only_leaves_dma_as_the_movable_zone()
    {
        var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0xf00), new Pfn(1));
        Assert.That(arch.IsEmpty(ZoneType.DMA32), Is.True);
        Assert.That(arch.MovableZone, Is.EqualTo(ZoneType.DMA));
    }

    [Test]
    public void Dram_starting_above_16M_empties_dma_and_starts_dma32_there()
    {
        // Each zone starts where the previous one ended, never below the first page of DRAM.
        var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0x180000), new Pfn(0x2000));
        Assert.That(arch.IsEmpty(ZoneType.DMA), Is.True);
        Assert.That(arch.Lowest(ZoneType.DMA32), Is.EqualTo(new Pfn(0x2000)));
    }

    [Test]
    public void Movable_has_no_architectural_range()
    {
        var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0x180000), new Pfn(1));
        Assert.That((arch.Lowest(ZoneType.Movable), arch.Highest(ZoneType.Movable)), Is.EqualTo((new Pfn(0), new Pfn(0))));
    }
}
