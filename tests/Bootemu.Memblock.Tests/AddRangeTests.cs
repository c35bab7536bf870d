using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>memblock_add / memblock_add_node / memblock_reserve (memblock_add_range), as §3.1-3.2 of docs/linux-6.1-boot-memory.md describe.</summary>
public class AddRangeTests
{
    private const int NoNode = Memblock.MaxNumNodes;

    [Test]
    public void A_new_memblock_holds_one_placeholder_with_nid_0_in_each_type()
    {
        var mb = new Memblock();
        Assert.That(mb.Memory.Count, Is.EqualTo(1));
        Assert.That(mb.Memory.Regions, Is.Empty);
        Assert.That(mb.Memory.Entries, Is.EqualTo(new[] { new MemblockRegion(0, 0, MemblockFlags.None, 0) }));
        Assert.That(mb.Reserved.Count, Is.EqualTo(1));
        Assert.That(mb.Memory.Max, Is.EqualTo(128));
    }

    [Test]
    public void First_add_takes_the_placeholder_slot()
    {
        var mb = new Memblock();
        Assert.That(mb.Add(0x100000, 0x7fee0000), Is.EqualTo(0));
        Assert.That(mb.Memory.Entries, Is.EqualTo(new[] { new MemblockRegion(0x100000, 0x7fee0000, MemblockFlags.None, NoNode) }));
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x7fee0000UL));
    }

    [Test]
    public void Zero_size_add_is_a_no_op()
    {
        var mb = new Memblock();
        Assert.That(mb.Add(0x1000, 0), Is.EqualTo(0));
        Assert.That(mb.Memory.Regions, Is.Empty);
        Assert.That(mb.Memory.TotalSize, Is.Zero);
    }

    [Test]
    public void Touching_ranges_with_the_same_nid_and_flags_merge()
    {
        var mb = new Memblock();
        mb.Add(0x1000, 0x1000);
        mb.Add(0x3000, 0x1000);
        mb.Add(0x2000, 0x1000);
        Assert.That(mb.Memory.Regions, Is.EqualTo(new[] { new MemblockRegion(0x1000, 0x3000, MemblockFlags.None, NoNode) }));
    }

    [Test]
    public void Touching_ranges_with_different_nids_stay_apart()
    {
        var mb = new Memblock();
        mb.AddNode(0x1000, 0x1000, 0, MemblockFlags.None);
        mb.AddNode(0x2000, 0x1000, 1, MemblockFlags.None);
        Assert.That(mb.Memory.Count, Is.EqualTo(2));
    }

    [Test]
    public void Touching_ranges_with_different_flags_stay_apart()
    {
        var mb = new Memblock();
        mb.AddNode(0x1000, 0x1000, 0, MemblockFlags.None);
        mb.AddNode(0x2000, 0x1000, 0, MemblockFlags.Hotplug);
        Assert.That(mb.Memory.Count, Is.EqualTo(2));
    }

    [Test]
    public void Overlapping_add_inserts_only_the_uncovered_parts_and_existing_regions_keep_their_node()
    {
        var mb = new Memblock();
        mb.AddNode(0x2000, 0x1000, 3, MemblockFlags.None);
        mb.AddNode(0x1000, 0x3000, 3, MemblockFlags.Hotplug);
        Assert.That(mb.Memory.Regions, Is.EqualTo(new[]
        {
            new MemblockRegion(0x1000, 0x1000, MemblockFlags.Hotplug, 3),
            new MemblockRegion(0x2000, 0x1000, MemblockFlags.None, 3),
            new MemblockRegion(0x3000, 0x1000, MemblockFlags.Hotplug, 3),
        }));
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x3000UL));
    }

    [Test]
    public void Inserting_below_a_region_with_other_flags_warns_and_goes_on()
    {
        var mb = new Memblock();
        mb.AddNode(0x2000, 0x1000, 3, MemblockFlags.None);
        mb.AddNode(0x1000, 0x2000, 3, MemblockFlags.Hotplug);
        Assert.That(mb.Log.Lines.Select(l => l.Text), Is.EqualTo(new[] { "------------[ cut here ]------------" }));
        Assert.That(mb.Memory.Count, Is.EqualTo(2));
    }

    [Test]
    public void Adding_a_covered_range_changes_nothing()
    {
        var mb = new Memblock();
        mb.Add(0x1000, 0x10000);
        mb.Add(0x2000, 0x1000);
        Assert.That(mb.Memory.Count, Is.EqualTo(1));
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x10000UL));
    }

    [Test]
    public void Size_is_capped_so_the_range_ends_at_the_top_of_the_address_space()
    {
        var mb = new Memblock();
        mb.Add(0xffff_ffff_ffff_0000, 0x20000);
        Assert.That(mb.Memory.Regions[0].Size, Is.EqualTo(0xffffUL));
    }

    [Test]
    public void Reservations_need_no_memory_and_carry_no_node()
    {
        var mb = new Memblock();
        mb.Reserve(0x1000000, 0x3400000);
        Assert.That(mb.Reserved.Regions, Is.EqualTo(new[] { new MemblockRegion(0x1000000, 0x3400000, MemblockFlags.None, NoNode) }));
        Assert.That(mb.Memory.Regions, Is.Empty);
    }

    [Test]
    public void An_add_spanning_several_regions_fills_every_gap()
    {
        var mb = new Memblock();
        mb.Add(0x2000, 0x1000);
        mb.Add(0x4000, 0x1000);
        mb.Add(0x0, 0x8000);
        Assert.That(mb.Memory.Regions, Is.EqualTo(new[] { new MemblockRegion(0, 0x8000, MemblockFlags.None, NoNode) }));
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x8000UL));
    }
}
