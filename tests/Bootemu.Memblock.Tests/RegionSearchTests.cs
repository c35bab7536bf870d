using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>memblock_search and memblock_overlaps_region over one memblock type (regions sorted, disjoint, [base, end)).</summary>
public class RegionSearchTests
{
    private static Memblock TwoRanges()
    {
        var mb = new Memblock();
        mb.AddNode(0x0, 0x80000000, 0, MemblockFlags.None);
        mb.AddNode(0x100000000, 0x1000, 1, MemblockFlags.None);
        mb.Reserve(0x1000, 0x1000);
        return mb;
    }

    [Test]
    public void Search_finds_the_region_holding_the_address()
    {
        Assert.That(TwoRanges().Memory.Search(0x100000fff), Is.EqualTo(new MemblockRegion(0x100000000, 0x1000, MemblockFlags.None, 1)));
    }

    [Test]
    public void Search_finds_nothing_at_a_regions_end_or_in_a_hole()
    {
        var mb = TwoRanges();
        Assert.That((mb.Memory.Search(0x80000000), mb.Memory.Search(0x100001000)), Is.EqualTo(((MemblockRegion?)null, (MemblockRegion?)null)));
    }

    [Test]
    public void Search_of_an_empty_type_finds_nothing()
    {
        Assert.That(new Memblock().Reserved.Search(0), Is.Null);
    }

    [Test]
    public void Overlaps_needs_a_shared_byte_not_a_shared_edge()
    {
        var reserved = TwoRanges().Reserved;
        Assert.That((reserved.Overlaps(0x0, 0x1001), reserved.Overlaps(0x0, 0x1000), reserved.Overlaps(0x2000, 0x3000)), Is.EqualTo((true, false, false)));
    }

    [Test]
    public void First_ending_above_skips_regions_that_end_at_or_below_the_address()
    {
        var memory = TwoRanges().Memory.Regions;
        Assert.That((MemblockType.FirstEndingAbove(memory, 0x7fffffff), MemblockType.FirstEndingAbove(memory, 0x80000000),
            MemblockType.FirstEndingAbove(memory, 0x100000fff)), Is.EqualTo((0, 1, 1)));
    }

    [Test]
    public void First_ending_above_is_the_count_past_the_last_region()
    {
        var memory = TwoRanges().Memory.Regions;
        Assert.That((MemblockType.FirstEndingAbove(memory, 0x100001000), MemblockType.FirstEndingAbove(Array.Empty<MemblockRegion>(), 0)),
            Is.EqualTo((2, 0)));
    }
}
