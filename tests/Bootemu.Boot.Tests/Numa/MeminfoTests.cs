using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>numa_cleanup_meminfo and numa_register_memblks (docs/linux-6.1-boot-memory.md §4.3 to §4.5).</summary>
[TestFixture]
public sealed class MeminfoTests
{
    [Test]
    public void Range_without_ram_moves_to_the_reserved_list_without_a_merge_line()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Memory(1, 8 * G, 4 * G, hotplug: true).Build());
        Assert.Multiple(() =>
        {
            Assert.That(result.ReservedMeminfo, Is.EqualTo(new[] { new NumaMemblk(8 * G, 12 * G, 1) }));
            Assert.That(result.Meminfo, Is.EqualTo(new[] { new NumaMemblk(0, 2 * G, 0), new NumaMemblk(4 * G, 6 * G, 1) }));
            Assert.That(machine.NumaLines, Has.None.StartWith("NUMA:"));
        });
    }

    [Test]
    public void Range_past_max_pfn_is_cut_and_its_tail_kept_as_reserved()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 4 * G).Build());
        Assert.Multiple(() =>
        {
            Assert.That(result.Meminfo[1], Is.EqualTo(new NumaMemblk(4 * G, 6 * G, 1)));
            Assert.That(result.ReservedMeminfo, Is.EqualTo(new[] { new NumaMemblk(6 * G, 8 * G, 1) }));
        });
    }

    [Test]
    public void Same_node_overlap_is_warned_about_then_merged()
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(0, G, G).Memory(1, 4 * G, 2 * G).Build());
        Assert.That(machine.NumaLines.Skip(3).Take(2), Is.EqualTo(new[]
        {
            "Warning: node 0 [mem 0x00000000-0x7fffffff] overlaps with itself [mem 0x40000000-0x7fffffff]",
            "NUMA: Node 0 [mem 0x00000000-0x7fffffff] + [mem 0x40000000-0x7fffffff] -> [mem 0x00000000-0x7fffffff]",
        }));
    }

    [Test]
    public void Different_node_overlap_rejects_the_srat()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, G + 256 * M).Memory(1, 5 * G, G).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("node 0 [mem 0x100000000-0x14fffffff] overlaps with node 1 [mem 0x140000000-0x17fffffff]"));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.NodesOverlap));
        });
    }

    [Test]
    public void Interleaved_ranges_of_one_node_are_not_merged_across_another_node()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, G).Memory(0, 5 * G, G).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Has.None.StartWith("NUMA:"));
            Assert.That(result.Meminfo.Select(b => b.Nid), Is.EqualTo(new[] { 0, 1, 0 }));
        });
    }

    [Test]
    public void Merge_hull_spans_holes()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Build());
        Assert.That(result.Meminfo, Is.EqualTo(new[] { new NumaMemblk(0, 6 * G, 0) }));
    }

    [Test]
    public void Coverage_tolerates_255_uncovered_pages()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G - M + 4096).Build());
        Assert.That(result.UsedDummy, Is.False);
    }

    [Test]
    public void Coverage_rejects_256_uncovered_pages()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G - M).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("NUMA: nodes only cover 4094MB of your 4095MB e820 RAM. Not used."));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.IncompleteCoverage));
        });
    }

    [Test]
    public void Node_holding_a_reservation_loses_its_hotplug_marks()
    {
        // The kernel image (16 MiB) sits on node 0, so node 0's hotplug flag goes; node 1 keeps it.
        var machine = TwoRanges();
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G, hotplug: true).Memory(1, 4 * G, 2 * G, hotplug: true).Build());
        var hotplug = machine.Memblock.Memory.Regions.Where(r => r.Flags.HasFlag(Memblock.MemblockFlags.Hotplug));
        Assert.That(hotplug.Select(r => (r.Base, r.End)), Is.EqualTo(new[] { (4 * G, 6 * G) }));
    }

    [Test]
    public void Reservation_in_a_hole_of_a_node_hull_counts_for_that_node()
    {
        // Node 1 = [2 GiB, 4 GiB) with RAM only in [3 GiB, 4 GiB); a table reserved at 2.5 GiB (no RAM there) pins it.
        var machine = new TestMachine((M, 2 * G), (3 * G, 4 * G));
        machine.Memblock.Reserve(2 * G + G / 2, 4096);
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 2 * G, 2 * G, hotplug: true).Build());
        Assert.That(machine.Memblock.Memory.Regions.Select(r => r.Flags), Has.All.EqualTo(Memblock.MemblockFlags.None));
    }

    [Test]
    public void Node_data_of_a_hotplug_node_falls_back_to_another_node_under_movable_node()
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G, hotplug: true).Build(),
            options: new Machine.BootOptions { MovableNode = true });
        Assert.That(machine.NumaLines.Skip(2), Is.EqualTo(new[]
        {
            "NODE_DATA(0) allocated [mem 0x7ffd5000-0x7fffffff]",
            "NODE_DATA(1) allocated [mem 0x7ffaa000-0x7ffd4fff]",
            "    NODE_DATA(1) on node 0",
        }));
    }

    [Test]
    public void Movable_node_bottom_up_ends_before_node_data()
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build(), options: new Machine.BootOptions { MovableNode = true });
        Assert.That(machine.Memblock.BottomUp, Is.False);
    }

    [Test]
    public void Node_without_free_memory_gets_no_node_data_and_stays_offline()
    {
        var machine = new TestMachine((M, 4 * M));
        machine.Memblock.Reserve(M, 3 * M - 4096);
        var result = machine.Run(new SratBuilder().Memory(0, 0, 4 * M).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("Cannot find 176128 bytes in any node (initial node: 0)"));
            Assert.That(result.OnlineNodes, Is.Empty);
            Assert.That(result.PossibleNodes, Is.EqualTo(new[] { 0 }));
        });
    }
}
