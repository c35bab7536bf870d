using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Memblock;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>Per-zone spanned and present pages (docs/linux-6.1-boot-memory.md §6.2, §6.4).</summary>
[TestFixture]
public sealed class NodeZoneSizesTests
{
    [Test]
    public void Dma_of_a_node_starting_at_pfn_1_spans_4095_pages_without_the_bios_hole()
    {
        var (setup, _) = new ZoneTestMachine().LowMemory(0x80000).Run();
        var dma = setup.Node(0).Zone(ZoneType.DMA);
        Assert.That((dma.StartPfn, dma.SpannedPages, dma.PresentPages), Is.EqualTo((new Pfn(1), 4095UL, 4095UL - 97)));
    }

    [Test]
    public void Dma32_of_a_node_continuing_above_4G_spans_up_to_4G_holes_included()
    {
        var (setup, _) = new ZoneTestMachine().LowMemory(0x7ffe0).Mem(0x100000, 0x180000, 0).Run();
        var dma32 = setup.Node(0).Zone(ZoneType.DMA32);
        Assert.That((dma32.SpannedPages, dma32.PresentPages), Is.EqualTo((0x100000UL - 0x1000, 0x7ffe0UL - 0x1000)));
    }

    [Test]
    public void Normal_is_truncated_where_movable_starts()
    {
        var m = new ZoneTestMachine().Mem(0x100000, 0x140000, 0);
        m.Options = m.Options with { Kernelcore = ZoneTestMachine.Pages(0x10000) };
        var node = m.Run().Setup.Node(0);
        Assert.That((node.Zone(ZoneType.Normal).SpannedPages, node.Zone(ZoneType.Movable).SpannedPages), Is.EqualTo((0x10000UL, 0x30000UL)));
        Assert.That(node.Zone(ZoneType.Movable).StartPfn, Is.EqualTo(new Pfn(0x110000)));
    }

    [Test]
    public void Mirror_lets_normal_and_movable_overlap_and_counts_the_other_kind_as_absent()
    {
        // Normal keeps its whole window [4G, 6G) but only its mirrored half is present; Movable spans
        // [5G, 6G) with the unmirrored half present.
        var m = new ZoneTestMachine().Mem(0x100, 0x80000, 0, MemblockFlags.Mirror)
            .Mem(0x100000, 0x140000, 0, MemblockFlags.Mirror).Mem(0x140000, 0x180000, 0);
        m.Options = m.Options with { KernelcoreMirror = true };
        var node = m.Run().Setup.Node(0);
        var normal = node.Zone(ZoneType.Normal);
        var movable = node.Zone(ZoneType.Movable);
        Assert.That((normal.StartPfn, normal.SpannedPages, normal.PresentPages), Is.EqualTo((new Pfn(0x100000), 0x80000UL, 0x40000UL)));
        Assert.That((movable.StartPfn, movable.SpannedPages, movable.PresentPages), Is.EqualTo((new Pfn(0x140000), 0x40000UL, 0x40000UL)));
    }

    [Test]
    public void Interleaved_nodes_span_each_others_memory_without_counting_it_present()
    {
        // Node 0: [4G,5G) and [6G,7G); node 1: [5G,6G). Node 0's Normal spans 3 GiB with 2 GiB present.
        var m = new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x140000, 0).Mem(0x140000, 0x180000, 1).Mem(0x180000, 0x1c0000, 0);
        var normal = m.Run().Setup.Node(0).Zone(ZoneType.Normal);
        Assert.That((normal.SpannedPages, normal.PresentPages), Is.EqualTo((0xc0000UL, 0x80000UL)));
    }

    [Test]
    public void A_node_entirely_movable_has_memory_but_no_normal_memory()
    {
        var m = new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x180000, 1, MemblockFlags.Hotplug);
        m.Options = m.Options with { MovableNode = true };
        var states = m.Run().Setup.NodeStates;
        Assert.That(states[1], Is.EqualTo(new Bootemu.Boot.Zones.NodeState(1, true, false)));
        Assert.That(states[0], Is.EqualTo(new Bootemu.Boot.Zones.NodeState(0, true, true)));
    }
}
