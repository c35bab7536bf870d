using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Memblock;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Zones.ZoneTestMachine;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// find_zone_movable_pfns_for_nodes, rule by rule (docs/linux-6.1-boot-memory.md §6.3 and §5.1–5.3, §5.7). Expected starts
/// were worked out by hand from the rules, not by running the code.
/// </summary>
[TestFixture]
public sealed class FindZoneMovablePfnsTests
{
    /// <summary>One node with only Normal memory: [4 GiB, 5 GiB) = 0x40000 pages.</summary>
    private static ZoneTestMachine OneHighNode() => new ZoneTestMachine().Mem(0x100000, 0x140000, 0);

    [Test]
    public void Movablecore_is_rounded_up_to_whole_max_order_blocks()
    {
        // 1000 pages round up to 1024, so the kernel keeps 0x40000 - 1024 pages: ZONE_MOVABLE is exactly
        // the last 4 MiB. Unrounded, the start would round past the node end and vanish.
        var m = OneHighNode();
        m.Options = m.Options with { Movablecore = Pages(1000) };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x13fc00)));
    }

    [TestCase(0x10000UL, 0x10000UL, TestName = "Both_given_movablecore_wins_when_it_leaves_more_kernel_memory")]
    [TestCase(0x30000UL, 0x38000UL, TestName = "Both_given_kernelcore_wins_when_it_leaves_more_kernel_memory")]
    public void Both_given_the_larger_kernel_share_wins(ulong kernelcore, ulong movablecore)
    {
        // Either way the kernel keeps 0x30000 pages: max(kernelcore, total - movablecore).
        var m = OneHighNode();
        m.Options = m.Options with { Kernelcore = Pages(kernelcore), Movablecore = Pages(movablecore) };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x130000)));
    }

    [Test]
    public void Kernelcore_percent_is_taken_of_all_memory()
    {
        // 25% of 0x40000 pages is 0x10000 kernel pages.
        var m = OneHighNode();
        m.Options = m.Options with { Kernelcore = Percent(25) };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x110000)));
    }

    [Test]
    public void Movablecore_percent_is_taken_of_all_memory_and_rounded()
    {
        // 30% of 0x40000 = 78643 pages, rounded up to 78848 (77 blocks), leaving 183296 = 0x2cc00 kernel pages.
        var m = OneHighNode();
        m.Options = m.Options with { Movablecore = Percent(30) };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x12cc00)));
    }

    [TestCase(CoreSizeKindForTest.Percent, 100UL, TestName = "Kernelcore_100_percent_gives_no_movable_zone")]
    [TestCase(CoreSizeKindForTest.Percent, 150UL, TestName = "Kernelcore_over_100_percent_is_used_and_gives_no_movable_zone")]
    [TestCase(CoreSizeKindForTest.Pages, 0x40000UL, TestName = "Kernelcore_equal_to_all_memory_gives_no_movable_zone")]
    [TestCase(CoreSizeKindForTest.Pages, 0x80000UL, TestName = "Kernelcore_larger_than_all_memory_gives_no_movable_zone")]
    public void Kernel_requirement_of_all_memory_or_more_leaves_no_movable_zone(CoreSizeKindForTest kind, ulong value)
    {
        var m = OneHighNode();
        m.Options = m.Options with { Kernelcore = kind == CoreSizeKindForTest.Percent ? Percent(value) : Pages(value) };
        var plan = m.Plan();
        Assert.That(plan.StartPfns, Is.Empty);
        Assert.That(plan.Source, Is.EqualTo(MovableZoneSource.None));
    }

    [Test]
    public void Movablecore_100_percent_alone_gives_no_movable_zone()
    {
        // The kernel requirement becomes total - total = 0, which means "not specified". [boot-checked in the reference]
        var m = OneHighNode();
        m.Options = m.Options with { Movablecore = Percent(100) };
        Assert.That(m.Plan().StartPfns, Is.Empty);
    }

    [Test]
    public void Memory_below_the_movable_zone_counts_against_the_node_share()
    {
        // Node 0 has 0x7ff9e low pages below 4 GiB and 2 GiB above. kernelcore=2G (0x80000 pages): the
        // low pages use all but 0x62 of the share, so ZONE_MOVABLE starts 0x62 pages above 4 GiB,
        // rounded up to the next 4 MiB.
        var m = new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x180000, 0);
        m.Options = m.Options with { Kernelcore = Pages(0x80000) };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x100400)));
    }

    [Test]
    public void Restart_loop_gives_the_shortfall_to_nodes_with_room()
    {
        // Node 0: [1M, 2G) low + [4G, 6G); node 1: [6G, 8G). Total 0x17ff00 pages, kernelcore=50% = 786304.
        // Pass 1: share 393152 each. Node 0's 524032 low pages exceed its share (required drops to 262272);
        // node 1's share shrinks to 262272/2 = 131136 and it takes that much. Still 131136 missing, so a
        // second pass with one node: node 0 takes 131136 pages above 4 GiB (0x100000 + 0x20040), node 1
        // nothing more. Rounded: node 0 at 0x120400, node 1 at 0x1a0400.
        var m = new ZoneTestMachine().Mem(0x100, 0x80000, 0).Mem(0x100000, 0x180000, 0).Mem(0x180000, 0x200000, 1);
        m.Options = m.Options with { Kernelcore = Percent(50) };
        var plan = m.Plan();
        Assert.That(plan.StartOf(0), Is.EqualTo(new Pfn(0x120400)));
        Assert.That(plan.StartOf(1), Is.EqualTo(new Pfn(0x1a0400)));
    }

    [Test]
    public void Kernelcore_is_spread_evenly_over_the_nodes()
    {
        // Two nodes of 0x40000 pages above 4 GiB; kernelcore=0x20000 pages: 0x10000 on each.
        var m = new ZoneTestMachine().Mem(0x100000, 0x140000, 0).Mem(0x140000, 0x180000, 1);
        m.Options = m.Options with { Kernelcore = Pages(0x20000) };
        var plan = m.Plan();
        Assert.That(plan.StartOf(0), Is.EqualTo(new Pfn(0x110000)));
        Assert.That(plan.StartOf(1), Is.EqualTo(new Pfn(0x150000)));
    }

    [Test]
    public void Movable_node_starts_movable_at_a_hotplug_region_below_4G()
    {
        // The HOTPLUG region need not be in movable_zone (Normal): node 1's ZONE_MOVABLE starts at 1 GiB.
        var m = new ZoneTestMachine().Mem(0x100, 0x40000, 0)
            .Mem(0x40000, 0x80000, 1, MemblockFlags.Hotplug).Mem(0x100000, 0x200000, 1, MemblockFlags.Hotplug);
        m.Options = m.Options with { MovableNode = true };
        Assert.That(m.Plan().StartOf(1), Is.EqualTo(new Pfn(0x40000)));
    }

    [Test]
    public void Movable_node_ignores_kernelcore_even_without_hotplug_memory()
    {
        var m = OneHighNode();
        m.Options = m.Options with { MovableNode = true, Kernelcore = Percent(50), Movablecore = Percent(50) };
        var plan = m.Plan();
        Assert.That(plan.StartPfns, Is.Empty);
        Assert.That(plan.Source, Is.EqualTo(MovableZoneSource.MovableNode));
    }

    [Test]
    public void Movable_node_makes_everything_above_the_first_hotplug_region_movable()
    {
        // A non-HOTPLUG region above the node's HOTPLUG region is still inside [zmp, node end).
        var m = new ZoneTestMachine().LowMemory(0x80000)
            .Mem(0x100000, 0x140000, 1, MemblockFlags.Hotplug).Mem(0x140000, 0x180000, 1);
        m.Options = m.Options with { MovableNode = true };
        var (setup, _) = m.Run();
        var movable = setup.Node(1).Zone(ZoneType.Movable);
        Assert.That(movable.StartPfn, Is.EqualTo(new Pfn(0x100000)));
        Assert.That(movable.PresentPages, Is.EqualTo(0x80000UL));
    }

    [Test]
    public void Mirror_makes_unmirrored_memory_above_4G_movable_and_ignores_movablecore()
    {
        var m = new ZoneTestMachine().Mem(0x100, 0x80000, 0, MemblockFlags.Mirror)
            .Mem(0x100000, 0x140000, 0, MemblockFlags.Mirror).Mem(0x140000, 0x180000, 0);
        m.Options = m.Options with { KernelcoreMirror = true, Movablecore = Percent(90) };
        var plan = m.Plan();
        Assert.That(plan.StartOf(0), Is.EqualTo(new Pfn(0x140000)));
        Assert.That(plan.UnmirroredKernelMemory, Is.False);
    }

    [Test]
    public void Mirror_warns_when_unmirrored_memory_lies_below_4G()
    {
        var m = new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x180000, 0);
        m.Options = m.Options with { KernelcoreMirror = true };
        Assert.That(m.Plan().UnmirroredKernelMemory, Is.True);
        Assert.That(m.Run().Lines[0], Is.EqualTo("This configuration results in unmirrored kernel memory."));
    }

    [Test]
    public void A_start_rounded_past_the_node_end_means_no_movable_zone_on_that_node()
    {
        // kernelcore leaves only 0x100 movable pages: rounding the start up to 4 MiB reaches the node end.
        var m = OneHighNode();
        m.Options = m.Options with { Kernelcore = Pages(0x3ff00) };
        Assert.That(m.Plan().StartOf(0), Is.Null);
    }

    public enum CoreSizeKindForTest { Pages, Percent }
}
