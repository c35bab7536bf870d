using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>memblock_remove / memblock_phys_free (memblock_remove_range with memblock_isolate_range).</summary>
public class RemoveRangeTests
{
    private const int NoNode = Memblock.MaxNumNodes;

    [Test]
    public void Removing_the_middle_splits_a_region_and_keeps_node_and_flags_on_both_sides()
    {
        var mb = new Memblock();
        mb.AddNode(0x0, 0x10000, 2, MemblockFlags.Hotplug);
        Assert.That(mb.Remove(0x4000, 0x4000), Is.EqualTo(0));
        Assert.That(mb.Memory.Regions, Is.EqualTo(new[]
        {
            new MemblockRegion(0x0, 0x4000, MemblockFlags.Hotplug, 2),
            new MemblockRegion(0x8000, 0x8000, MemblockFlags.Hotplug, 2),
        }));
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0xc000UL));
    }

    [Test]
    public void Removing_a_range_that_hits_nothing_succeeds()
    {
        var mb = new Memblock();
        mb.Add(0x0, 0x1000);
        Assert.That(mb.Remove(0x100000, 0x1000), Is.EqualTo(0));
        Assert.That(mb.Memory.Count, Is.EqualTo(1));
    }

    [Test]
    public void Removing_the_last_region_brings_back_the_placeholder_with_nid_max_numnodes()
    {
        var mb = new Memblock();
        mb.Reserve(0x1000, 0x1000);
        mb.PhysFree(0x0, 0x10000);
        Assert.That(mb.Reserved.Count, Is.EqualTo(1));
        Assert.That(mb.Reserved.Regions, Is.Empty);
        Assert.That(mb.Reserved.Entries, Is.EqualTo(new[] { new MemblockRegion(0, 0, MemblockFlags.None, NoNode) }));
        Assert.That(mb.Reserved.TotalSize, Is.Zero);
    }

    [Test]
    public void Freeing_across_several_regions_removes_those_inside_and_trims_the_edges()
    {
        var mb = new Memblock();
        mb.Reserve(0x1000, 0x2000);
        mb.Reserve(0x5000, 0x1000);
        mb.Reserve(0x8000, 0x2000);
        mb.PhysFree(0x2000, 0x7000);
        Assert.That(mb.Reserved.Regions, Is.EqualTo(new[]
        {
            new MemblockRegion(0x1000, 0x1000, MemblockFlags.None, NoNode),
            new MemblockRegion(0x9000, 0x1000, MemblockFlags.None, NoNode),
        }));
        Assert.That(mb.Reserved.TotalSize, Is.EqualTo(0x2000UL));
    }
}
