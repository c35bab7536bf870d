using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Memblock;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>free_area_init's node walk and printed blocks (docs/linux-6.1-boot-memory.md §6.5, §6.6).</summary>
[TestFixture]
public sealed class FreeAreaInitTests
{
    [Test]
    public void A_possible_node_without_node_data_is_initialised_as_memoryless_with_an_allocated_pgdat()
    {
        var m = new ZoneTestMachine().LowMemory(0x80000);
        ulong? asked = null;
        var (setup, lines) = m.Run(size => { asked = size; return 0x7ffd5000; }, possible: [0, 2], online: [0]);

        Assert.That(lines.SkipWhile(l => !l.StartsWith("Initmem", StringComparison.Ordinal)).Take(3), Is.EqualTo(new[]
        {
            "Initmem setup node 0 [mem 0x0000000000001000-0x000000007fffffff]",
            "Initializing node 2 as memoryless",
            "Initmem setup node 2 as memoryless",
        }));
        Assert.That(asked, Is.EqualTo(0x2b000UL));
        Assert.That(setup.MemorylessPgdats, Is.EqualTo(new[] { new PgdatAllocation(2, 0x7ffd5000, 0x2b000) }));
        Assert.That(setup.NodeStates[1], Is.EqualTo(new NodeState(2, false, false)));
    }

    [Test]
    public void An_offline_node_that_owns_memory_prints_its_span_but_gets_no_node_states()
    {
        // x86 gives no NODE_DATA to a node under NODE_MIN_SIZE (4 MiB), but its memblock ranges keep the
        // nid: free_area_init initialises it like any node (free_area_init_memoryless_node is
        // free_area_init_node), so its span is printed, yet it is neither online nor N_MEMORY.
        var m = new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x100200, 1);
        var (setup, lines) = m.Run(possible: [0, 1], online: [0]);

        Assert.That(lines.SkipWhile(l => l != "Initializing node 1 as memoryless").Take(2), Is.EqualTo(new[]
        {
            "Initializing node 1 as memoryless",
            "Initmem setup node 1 [mem 0x0000000100000000-0x00000001001fffff]",
        }));
        Assert.That(setup.Node(1).Zone(ZoneType.Normal).PresentPages, Is.EqualTo(0x200UL));
        Assert.That(setup.Node(1).Online, Is.False);
        Assert.That(setup.NodeStates[1], Is.EqualTo(new NodeState(1, false, false)));
    }

    [Test]
    public void A_failed_pgdat_allocation_prints_the_kernel_error_instead_of_the_initmem_line()
    {
        var (_, lines) = new ZoneTestMachine().LowMemory(0x80000).Run(_ => 0, possible: [0, 1], online: [0]);
        Assert.That(lines, Does.Contain("Cannot allocate 176128B for node 1."));
        Assert.That(lines, Does.Not.Contain("Initmem setup node 1 as memoryless"));
    }

    [Test]
    public void The_pgdat_of_a_memoryless_node_comes_from_memblock_top_down_on_any_node()
    {
        var memblock = new Memblock.Memblock();
        memblock.AddNode(0x1000, 0x7ffff000, 0, MemblockFlags.None);
        memblock.Reserve(0x7ffff000, 0x1000);
        var input = new ZoneTestMachine().Mem(0x1, 0x80000, 0).Input(possible: [0, 1], online: [0]);

        var setup = FreeAreaInit.Run(input, memblock, new KernelLog());

        // Below the reserved last page, 64-byte aligned: [0x7ffd4000, 0x7ffff000).
        Assert.That(setup.MemorylessPgdats.Single().Base, Is.EqualTo(0x7ffd4000UL));
        Assert.That(memblock.Reserved.Overlaps(0x7ffd4000, 0x7ffd4000 + 0x2b000), Is.True);
    }

    [Test]
    public void Early_memory_node_ranges_list_adjacent_regions_separately()
    {
        // for_each_mem_pfn_range does not merge: a flag change splits a node's memory into two lines.
        var (_, lines) = new ZoneTestMachine().Mem(0x100, 0x40000, 0).Mem(0x40000, 0x80000, 0, MemblockFlags.Hotplug).Run();
        Assert.That(lines.SkipWhile(l => l != "Early memory node ranges").Skip(1).Take(2), Is.EqualTo(new[]
        {
            "  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
            "  node   0: [mem 0x0000000040000000-0x000000007fffffff]",
        }));
    }

    [Test]
    public void Movable_zone_start_header_is_printed_even_without_a_movable_zone()
    {
        var (_, lines) = new ZoneTestMachine().LowMemory(0x80000).Run();
        int header = Array.IndexOf(lines, "Movable zone start for each node");
        Assert.That(lines[header + 1], Is.EqualTo("Early memory node ranges"));
    }

    [Test]
    public void Zoneinfo_lists_online_nodes_only_with_start_pfn_for_populated_zones()
    {
        var (setup, _) = new ZoneTestMachine().LowMemory(0x80000).Run(possible: [0, 1], online: [0]);
        // The header, span and start_pfn lines of the kernel's layout (the rest is judged against real boots elsewhere).
        var text = string.Join("\n", ZoneinfoRenderer.Render(setup.Nodes, Bootemu.Boot.Kernel.KernelModel.Linux61).Split('\n')
            .Where(l => l.StartsWith("Node ", StringComparison.Ordinal) || l.StartsWith("        spanned", StringComparison.Ordinal)
                || l.StartsWith("        present", StringComparison.Ordinal) || l.StartsWith("  start_pfn", StringComparison.Ordinal))) + "\n";
        Assert.That(text, Does.StartWith("Node 0, zone      DMA\n        spanned  4095\n        present  3998\n  start_pfn:           1\n"));
        Assert.That(text, Does.Contain("Node 0, zone   Normal\n        spanned  0\n        present  0\nNode 0, zone  Movable\n"));
        Assert.That(text, Does.Not.Contain("Node 1"));
    }
}
