using Bootemu.Core;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>memblock_find_in_range_node, memblock_alloc_range_nid and wrappers: the cases §3.5 of docs/linux-6.1-boot-memory.md singles out.</summary>
public class AllocationTests
{
    private static Memblock TwoGigabytes(ulong currentLimit = Memblock.AllocAnywhere)
    {
        var mb = new Memblock { CurrentLimit = currentLimit };
        mb.Add(0, 0x80000000);
        return mb;
    }

    [Test]
    public void Phys_alloc_range_takes_anywhere_literally_while_alloc_try_nid_caps_it_at_current_limit()
    {
        var mb = TwoGigabytes(currentLimit: 0x40000000);
        Assert.That(mb.PhysAllocRange(0x1000, 0x1000, 0, Memblock.AllocAnywhere), Is.EqualTo(0x7ffff000UL));
        Assert.That(mb.AllocTryNid(0x1000, 0x1000, 0, Memblock.AllocAnywhere, Memblock.NumaNoNode), Is.EqualTo(0x3ffff000UL));
    }

    [Test]
    public void Alignment_0_means_the_cache_line_size()
    {
        var mb = TwoGigabytes();
        Assert.That(mb.AllocRangeNid(0x10, 0, 0, Memblock.AllocAnywhere, Memblock.NumaNoNode, false), Is.EqualTo(0x7fffffc0UL));
    }

    [Test]
    public void Nid_max_numnodes_warns_once_and_means_any_node()
    {
        var mb = TwoGigabytes();
        Assert.That(mb.PhysAllocTryNid(0x1000, 0x1000, Memblock.MaxNumNodes), Is.EqualTo(0x7ffff000UL));
        Assert.That(mb.PhysAllocTryNid(0x1000, 0x1000, Memblock.MaxNumNodes), Is.EqualTo(0x7fffe000UL));
        Assert.That(mb.Log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "------------[ cut here ]------------",
            "Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead",
        }));
    }

    [Test]
    public void Failing_mirrored_allocation_warns_with_the_size_and_falls_back()
    {
        var mb = TwoGigabytes();
        mb.MirroredKernelcore = true;
        mb.MarkMirror(0x40000000, 0x100000);
        Assert.That(mb.HasSomeMirror, Is.True);
        Assert.That(mb.PhysAllocTryNid(0x200000, 0x1000, Memblock.NumaNoNode), Is.EqualTo(0x7fe00000UL));
        Assert.That(mb.Log.Lines.Single().Text, Is.EqualTo("Could not allocate 0x0000000000200000 bytes of mirrored memory"));
        Assert.That(mb.Log.Lines.Single().Level, Is.EqualTo(Bootemu.Core.Logging.KernelLogLevel.Warning));
    }

    [Test]
    public void Mark_mirror_sets_system_has_some_mirror_even_when_no_memory_is_hit()
    {
        var mb = TwoGigabytes();
        mb.MirroredKernelcore = true;
        mb.MarkMirror(0x100000000, 0x1000);
        Assert.That(mb.HasSomeMirror, Is.True);
        Assert.That(mb.Memory.Count, Is.EqualTo(1));
    }

    [Test]
    public void Allocation_debug_lines_match_the_kernel_format()
    {
        var mb = TwoGigabytes();
        mb.Debug = true;
        mb.AllocExactNidRaw(0x2000000, 0x200000, 0x1000000, 0, 0, "sparse_init_nid+0x11f/0x34d");
        Assert.That(mb.Log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "memblock_alloc_exact_nid_raw: 33554432 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 sparse_init_nid+0x11f/0x34d",
        }), "nid 0 has no memory here (regions are still at MAX_NUMNODES), so exact_nid fails and reserves nothing");
    }

    [Test]
    public void The_any_node_fallback_reserves_from_the_second_call_site()
    {
        var mb = new Memblock { Debug = true };
        mb.AddNode(0, 0x40000000, 0, MemblockFlags.None);
        mb.AllocTryNid(0x1000, 0x1000, 0, 0, 1);
        Assert.That(mb.Log.Lines.Last().Text, Is.EqualTo("memblock_reserve: [0x000000003ffff000-0x000000003fffffff] memblock_alloc_range_nid+0xee/0x13d"));
    }

    [Test]
    public void Free_ranges_skip_reservations_and_run_in_both_directions()
    {
        var mb = TwoGigabytes();
        mb.Reserve(0x1000000, 0x1000000);
        var forward = mb.FreeRanges(Memblock.NumaNoNode, MemblockFlags.None).ToList();
        var reverse = mb.FreeRanges(Memblock.NumaNoNode, MemblockFlags.None, reverse: true).ToList();
        Assert.That(forward, Is.EqualTo(new[] { (0x0UL, 0x1000000UL, Memblock.MaxNumNodes), (0x2000000UL, 0x80000000UL, Memblock.MaxNumNodes) }));
        Assert.That(reverse, Is.EqualTo(Enumerable.Reverse(forward)));
    }

    /// <summary>A region without a whole page, then three touching 1 MiB regions (the middle one HOTPLUG, the last on node 1).</summary>
    private static Memblock SliverAndThreeMegabytes()
    {
        var mb = new Memblock();
        mb.AddNode(0x500, 0x800, 0, MemblockFlags.None);
        mb.AddNode(0x100000, 0x100000, 0, MemblockFlags.None);
        mb.AddNode(0x200000, 0x100000, 0, MemblockFlags.Hotplug);
        mb.AddNode(0x300000, 0x100000, 1, MemblockFlags.None);
        return mb;
    }

    [Test]
    public void Mem_pfn_ranges_do_not_join_touching_regions_and_skip_those_without_a_whole_page()
    {
        var mb = SliverAndThreeMegabytes();
        Assert.That(mb.MemPfnRanges().ToList(), Is.EqualTo(new[]
        {
            (new Pfn(0x100), new Pfn(0x200), 0), (new Pfn(0x200), new Pfn(0x300), 0), (new Pfn(0x300), new Pfn(0x400), 1),
        }));
        Assert.That(mb.MemPfnRanges(1).Single(), Is.EqualTo((new Pfn(0x300), new Pfn(0x400), 1)));
    }

    [Test]
    public void Mem_pfn_ranges_of_a_snapshot_match_the_live_walk()
    {
        var mb = SliverAndThreeMegabytes();
        var snapshot = mb.Memory.Regions.ToArray();
        Assert.That((Memblock.MemPfnRanges(snapshot).ToList(), Memblock.MemPfnRanges(snapshot, 1).ToList()),
            Is.EqualTo((mb.MemPfnRanges().ToList(), mb.MemPfnRanges(1).ToList())));
    }

    [Test]
    public void Mem_pfn_ranges_of_an_empty_memory_yield_nothing()
    {
        Assert.That(new Memblock().MemPfnRanges(), Is.Empty);
    }
}
