using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Derived;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// bootemu's derived-zones experiment (not Linux): a derived zone is carved from whole free MAX_ORDER blocks of a base
/// zone, is allocated from only by name, gives its blocks back only when empty, and pins its memory blocks and node.
/// srat2_default: node 1 is Normal in memory blocks 32-47 (128 MiB each), NODE_DATA(1) at the top of block 47.
/// </summary>
public class DerivedZoneTests
{
    private const ulong M = 1UL << 20;
    private const ulong G = 1UL << 30;
    private const ulong MaxOrderPages = 1024;

    /// <summary>
    /// Block 32 is node 1's first kernel block, where the kernel keeps its slab pages (NodeSlab): one page that breaks
    /// the block's first MAX_ORDER block. The experiment's own rules are tested without them;
    /// <see cref="The_kernels_slab_pages_break_a_MAX_ORDER_block_as_allocated_pages_do"/> tests them.
    /// </summary>
    private static HotplugMachine Node1Normal() => WithSlab();

    private static HotplugMachine WithSlab(bool slab = false)
    {
        var m = ExpectedBoot.Machine("srat2_default");
        return slab ? m : m.WithBlock(m.Blocks[32] with { Slab = [] });
    }

    [Test]
    public void The_kernels_slab_pages_break_a_MAX_ORDER_block_as_allocated_pages_do()
    {
        var withSlab = WithSlab(slab: true);
        Assert.That(withSlab.Blocks[32].SlabPageCount, Is.GreaterThan(0UL), "srat2_default's node 1 keeps slab pages in block 32");
        var outcome = Derive(withSlab, "pool", 8 * M, (0x100000000, 0x100000000 + 8 * M));
        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Detail, Does.StartWith("node 1 Normal has 1 whole free MAX_ORDER blocks (4 MiB each) inside [mem 0x100000000-0x1007fffff], 2 needed"));
    }

    private static HotplugOutcome Derive(HotplugMachine m, string name, ulong bytes, (ulong Start, ulong End)? range = null,
        int nid = 1, ZoneType zone = ZoneType.Normal) =>
        ZoneDerivation.Derive(m, name, nid, zone, bytes, range is { } r ? PfnRanges.Inside(r.Start, r.End) : null);

    private static HotplugMachine Derived(HotplugMachine m, string name, ulong bytes, (ulong Start, ulong End)? range = null)
    {
        var outcome = Derive(m, name, bytes, range);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        return outcome.Machine;
    }

    private static DerivedZone Zone(HotplugMachine m, string name) => m.DerivedZones.Single(z => z.Name == name);

    [Test]
    public void A_derived_zone_is_made_of_whole_MAX_ORDER_blocks_of_its_base_zone_on_its_node()
    {
        var m = Derived(Node1Normal(), "pool", 64 * M);
        var zone = Zone(m, "pool");
        Assert.Multiple(() =>
        {
            Assert.That(zone.MaxOrderBlocks, Has.Length.EqualTo(16));
            Assert.That(zone.MaxOrderBlocks.Select(p => p.Value % MaxOrderPages), Has.All.EqualTo(0UL));
            Assert.That(zone.MaxOrderBlocks.Select(p => m.Blocks[(long)(p.Value / m.PagesPerBlock)]),
                Has.All.Matches<MemoryBlock>(b => b.Nid == 1 && b.Zone == ZoneType.Normal));
        });
    }

    [Test]
    public void The_MAX_ORDER_block_is_the_kernels_largest_buddy_block_of_4_MiB()
    {
        var m = Derived(Node1Normal(), "pool", 4 * M);
        Assert.That(Zone(m, "pool").Present, Is.EqualTo(m.Kernel.MaxOrderBlockPages).And.EqualTo(4 * M / 4096));
    }

    [Test]
    public void With_a_range_only_MAX_ORDER_blocks_wholly_inside_it_qualify()
    {
        // A range starting 1 MiB into node 1 (4 GiB + 1 MiB) skips the first MAX_ORDER block, which it only partly covers.
        var m = Derived(Node1Normal(), "pool", 8 * M, (4 * G + M, 4 * G + 64 * M));
        Assert.That(Zone(m, "pool").MaxOrderBlocks.Select(p => p.Address), Is.EqualTo(new[] { 4 * G + 4 * M, 4 * G + 8 * M }));
    }

    [Test]
    public void A_range_with_too_few_free_MAX_ORDER_blocks_fails_although_the_zone_has_more()
    {
        var outcome = Derive(Node1Normal(), "pool", 8 * M, (4 * G, 4 * G + 6 * M));
        Assert.That(outcome.Error, Is.EqualTo(Errno.ENOMEM));
        Assert.That(outcome.Detail, Does.StartWith("node 1 Normal has 1 whole free MAX_ORDER blocks (4 MiB each) inside [mem 0x100000000-0x1005fffff], 2 needed"));
    }

    [Test]
    public void Allocated_pages_fragment_the_base_zone_and_derive_fails_naming_the_zone_and_the_counts()
    {
        // One page in every memory block of node 1's Normal leaves each with one MAX_ORDER block that is no longer whole.
        var m = Node1Normal();
        foreach (long id in Enumerable.Range(32, 16)) m = Workload.Allocate(m, AllocationKind.Unmovable, 4096 * 1025, 1, id).Machine;
        var free = PageAllocator.ZoneBlocks(m, 1, ZoneType.Normal).Sum(b => MaxOrderBlocks.Census(m, b, null).Free.Length);
        var outcome = Derive(m, "pool", (ulong)(free + 1) * 4 * M);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.EqualTo(Errno.ENOMEM));
            Assert.That(outcome.Detail, Does.StartWith($"node 1 Normal has {free} whole free MAX_ORDER blocks (4 MiB each), {free + 1} needed"));
            Assert.That(outcome.Detail, Does.Contain("hold allocated pages"));
            Assert.That(outcome.Machine.DerivedZones, Is.Empty);
        });
    }

    [Test]
    public void A_size_beyond_any_machine_fails_ENOMEM_with_the_count_it_needed()
    {
        var outcome = Derive(Node1Normal(), "pool", ulong.MaxValue & ~(4 * M - 1));
        Assert.That(outcome.Error, Is.EqualTo(Errno.ENOMEM));
        Assert.That(outcome.Detail, Does.Contain($"{(ulong.MaxValue >> 22)} needed"));
    }

    [Test]
    public void A_MAX_ORDER_block_holding_a_boot_reservation_is_never_whole_and_free()
    {
        var m = Node1Normal();
        var block = m.Blocks[47];
        var census = MaxOrderBlocks.Census(m, block, null);
        var nodeData = block.ReservedBy.Single(a => a.What == "NODE_DATA(1)");
        Assert.That(census.Broken, Is.GreaterThan(0));
        Assert.That(census.Free.Select(p => p.Address), Has.None.InRange(nodeData.Base & ~(4 * M - 1), nodeData.End - 1));
    }

    [Test]
    public void Small_allocations_fill_broken_MAX_ORDER_blocks_before_splitting_a_whole_one()
    {
        var m = Node1Normal();
        int before = MaxOrderBlocks.Census(m, m.Blocks[47], null).Free.Length;
        m = Workload.Allocate(m, AllocationKind.Unmovable, 64 * 4096, 1, 47).Machine;
        Assert.That(MaxOrderBlocks.Census(m, m.Blocks[47], null).Free, Has.Length.EqualTo(before));
    }

    [Test]
    public void A_second_derived_zone_with_the_same_name_fails_EEXIST()
    {
        var m = Derived(Node1Normal(), "pool", 4 * M);
        Assert.That(Derive(m, "pool", 4 * M).Error, Is.EqualTo(Errno.EEXIST));
    }

    [Test]
    public void Delete_zone_gives_every_block_back_to_the_base_zone()
    {
        var m = Node1Normal();
        var before = BaseZoneAccounting.Of(m, 1, ZoneType.Normal);
        var outcome = ZoneDerivation.Delete(Derived(m, "pool", 64 * M), "pool");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Succeeded, Is.True);
            Assert.That(outcome.Machine.DerivedZones, Is.Empty);
            Assert.That(BaseZoneAccounting.Of(outcome.Machine, 1, ZoneType.Normal), Is.EqualTo(before));
            Assert.That(outcome.Machine.Blocks.Values.Sum(b => (long)b.DerivedPages), Is.Zero);
        });
    }

    [Test]
    public void Delete_zone_fails_EBUSY_while_a_page_of_it_is_in_use()
    {
        var m = Derived(Node1Normal(), "pool", 8 * M);
        m = DerivedZoneAllocation.Allocate(m, AllocationKind.Unmovable, 4096, "pool").Machine;
        var outcome = ZoneDerivation.Delete(m, "pool");
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(outcome.Detail, Is.EqualTo("derived zone pool has 1 of its 2048 pages in use (unmovable 1); it goes back to node 1 Normal only when every page is free"));
    }

    [Test]
    public void Delete_zone_of_a_name_that_is_no_derived_zone_fails_ENOENT()
    {
        Assert.That(ZoneDerivation.Delete(Node1Normal(), "pool").Error, Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    public void An_allocation_in_a_derived_zone_takes_its_pages_from_that_zone_only()
    {
        var m = Derived(Node1Normal(), "pool", 8 * M);
        var blocksBefore = m.Blocks;
        m = DerivedZoneAllocation.Allocate(m, AllocationKind.Unmovable, 4 * M, "pool").Machine;
        Assert.That(Zone(m, "pool").Free, Is.EqualTo(1024UL));
        Assert.That(m.Blocks, Is.EqualTo(blocksBefore));
    }

    [Test]
    public void An_allocation_larger_than_the_derived_zones_free_pages_fails_and_never_falls_back()
    {
        var m = Derived(Node1Normal(), "pool", 4 * M);
        var outcome = DerivedZoneAllocation.Allocate(m, AllocationKind.Movable, 4 * M + 4096, "pool");
        Assert.That(outcome.Error, Is.EqualTo(Errno.ENOMEM));
        Assert.That(outcome.Detail, Does.Contain("never falls back"));
        Assert.That(outcome.Machine, Is.SameAs(m));
    }

    [Test]
    public void Ordinary_allocations_never_land_in_a_derived_zone()
    {
        // Ask for every page the kernel zones have free: no memory block may end up with its derived-zone pages used too.
        var m = Derived(Node1Normal(), "pool", 64 * M);
        ulong free = m.OnlineNodes.SelectMany(n => new[] { ZoneType.DMA, ZoneType.DMA32, ZoneType.Normal }.SelectMany(z => PageAllocator.ZoneBlocks(m, n, z)))
            .Aggregate(0UL, (s, b) => s + b.FreePages);
        var outcome = Workload.Allocate(m, AllocationKind.Unmovable, free * 4096, 1, null);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.Blocks.Values, Has.None.Matches<MemoryBlock>(b =>
            b.UsedPageCount + b.DerivedPages + b.ReservedPageCount + b.VmemmapPages > b.SystemRamPages));
    }

    [Test]
    public void A_zone_derived_from_ZONE_MOVABLE_serves_no_unmovable_pages()
    {
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        m = ZoneDerivation.Derive(m, "pool", 1, ZoneType.Movable, 4 * M, null).Machine;
        var outcome = DerivedZoneAllocation.Allocate(m, AllocationKind.Unmovable, 4096, "pool");
        Assert.That(outcome.Error, Is.EqualTo(Errno.ENOMEM));
        Assert.That(outcome.Detail, Does.Contain("derived from ZONE_MOVABLE"));
    }

    [Test]
    public void A_derived_zone_accounts_spanned_present_managed_and_free_pages()
    {
        // Two MAX_ORDER blocks 8 MiB apart: another derived zone holds the one between them.
        var m = Derived(Node1Normal(), "gap", 4 * M, (4 * G + 4 * M, 4 * G + 8 * M));
        m = Derived(m, "pool", 8 * M, (4 * G, 4 * G + 12 * M));
        m = DerivedZoneAllocation.Allocate(m, AllocationKind.Unmovable, 4096 * 10, "pool").Machine;
        var zone = Zone(m, "pool");
        Assert.That((zone.Spanned, zone.Present, zone.Managed, zone.Free), Is.EqualTo((3072UL, 2048UL, 2048UL, 2038UL)));
    }

    [Test]
    public void The_base_zone_managed_and_free_pages_shrink_by_what_its_derived_zones_took()
    {
        var m = Node1Normal();
        var before = BaseZoneAccounting.Of(m, 1, ZoneType.Normal);
        var after = BaseZoneAccounting.Of(Derived(m, "pool", 64 * M), 1, ZoneType.Normal);
        Assert.That((before.Managed - after.Managed, before.Free - after.Free, after.MovedToDerivedZones), Is.EqualTo((16384UL, 16384UL, 16384UL)));
    }

    [Test]
    public void The_base_zone_keeps_spanning_and_presenting_its_derived_zones_memory()
    {
        var m = Node1Normal();
        Assert.That(Derived(m, "pool", 64 * M).Zone(1, ZoneType.Normal), Is.EqualTo(m.Zone(1, ZoneType.Normal)));
    }

    [Test]
    public void Offlining_a_block_with_derived_zone_pages_fails_EBUSY_and_the_kernel_prints_nothing()
    {
        var m = Derived(Node1Normal(), "pool", 4 * M);
        var log = new KernelLog();
        var outcome = BlockOffline.Offline(m, 32, log);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
            Assert.That(outcome.Detail, Does.StartWith("1024 pages of the block belong to derived zone pool (bootemu experiment, not Linux)"));
            Assert.That(log.Lines, Is.Empty);
        });
    }

    [Test]
    public void Removing_a_node_with_a_derived_zone_fails_EBUSY_naming_the_zone()
    {
        var m = Derived(Node1Normal(), "pool", 4 * M);
        var log = new KernelLog();
        var outcome = HotRemove.RemoveNode(m, 1, log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(outcome.Detail, Does.StartWith("node 1 has derived zones pool (from Normal, 1024 pages)"));
        Assert.That(log.Lines, Is.Empty);
    }
}
