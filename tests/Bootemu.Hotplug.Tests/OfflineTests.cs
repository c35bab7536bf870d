using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Tests;

/// <summary>memory_block_offline → offline_pages: the order of its checks and what each page kind does.</summary>
public class OfflineTests
{
    private const ulong M = 1UL << 20;

    [Test]
    public void A_block_spanning_DMA_and_DMA32_cannot_be_offlined_EINVAL()
    {
        var m = ExpectedBoot.Machine("srat2_default");
        var outcome = BlockOffline.Offline(m, 0, new KernelLog());
        Assert.That(outcome.Error, Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    public void A_block_with_an_e820_hole_fails_with_memory_holes_EINVAL()
    {
        // Block 15 ends in the reserved [0x7ffe0000, 0x80000000): walk_system_ram_range counts fewer pages.
        var m = ExpectedBoot.Machine("srat2_default");
        var log = new KernelLog();
        var outcome = BlockOffline.Offline(m, 15, log);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Error, Is.EqualTo(Errno.EINVAL));
            Assert.That(outcome.Detail, Does.StartWith("memory holes"));
            Assert.That(log.Lines.Single().Text, Is.EqualTo("memory offlining [mem 0x78000000-0x7fffffff] failed due to memory holes"));
            Assert.That(log.Lines.Single().Level, Is.EqualTo(KernelLogLevel.Debug));
        });
    }

    [Test]
    public void NODE_DATA_in_a_Normal_block_makes_offline_fail_EBUSY()
    {
        // NODE_DATA(1) sits at the top of node 1 (block 47) without movable_node.
        var m = ExpectedBoot.Machine("srat2_default");
        var outcome = BlockOffline.Offline(m, 47, new KernelLog());
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(outcome.Detail, Does.Contain("NODE_DATA(1)"));
    }

    [Test]
    public void PageReserved_pages_fail_isolation_even_in_ZONE_MOVABLE()
    {
        // kernelcore=2G: node 1's NODE_DATA is at the top of node 1, inside its Movable zone (block 63).
        var m = ExpectedBoot.Machine("srat2_kernelcore_size");
        Assert.That(m.Blocks[63].Zone, Is.EqualTo(ZoneType.Movable));
        Assert.That(BlockOffline.Offline(m, 63, new KernelLog()).Error, Is.EqualTo(Errno.EBUSY));
    }

    [Test]
    public void A_free_Normal_block_goes_offline()
    {
        var m = ExpectedBoot.Machine("srat2_default");
        var outcome = BlockOffline.Offline(m, 40, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        Assert.That(outcome.Machine.Blocks[40].State, Is.EqualTo(BlockState.Offline));
    }

    [Test]
    public void Unmovable_kernel_pages_in_a_Normal_block_fail_isolation_EBUSY()
    {
        var m = ExpectedBoot.Machine("srat2_default");
        m = Workload.Allocate(m, AllocationKind.Unmovable, 4 * M, 1, blockId: 40).Machine;
        var outcome = BlockOffline.Offline(m, 40, new KernelLog());
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(outcome.Detail, Does.StartWith("failure to isolate range"));
    }

    [Test]
    public void Unmovable_allocations_never_land_in_ZONE_MOVABLE()
    {
        // movable_node: node 1 is all Movable, so GFP_KERNEL asked on node 1 falls back to node 0.
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        var outcome = Workload.Allocate(m, AllocationKind.Unmovable, 512 * M, 1, null);
        Assert.That(outcome.Succeeded, Is.True);
        var used = outcome.Machine.Blocks.Values.Where(b => b.UsedPages(AllocationKind.Unmovable) != 0).ToList();
        Assert.That(used.Select(b => b.Nid).Distinct(), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Unmovable_pages_cannot_be_placed_in_a_Movable_block_ENOMEM()
    {
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        Assert.That(Workload.Allocate(m, AllocationKind.Unmovable, 4 * M, 1, blockId: 40).Error, Is.EqualTo(Errno.ENOMEM));
    }

    [Test]
    public void Movable_pages_migrate_to_another_node_and_the_block_goes_offline()
    {
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        m = Workload.Allocate(m, AllocationKind.Movable, 64 * M, 1, blockId: 40).Machine;
        var outcome = BlockOffline.Offline(m, 40, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        var holders = outcome.Machine.Blocks.Values.Where(b => b.UsedPages(AllocationKind.Movable) != 0).ToList();
        Assert.That(holders.Select(b => b.Nid).Distinct(), Is.EqualTo(new[] { 0 }));
        Assert.That(holders.Sum(b => (long)b.UsedPages(AllocationKind.Movable)), Is.EqualTo(64 * M / 4096));
    }

    [Test]
    public void Pages_leaving_a_Normal_block_do_not_migrate_into_ZONE_MOVABLE()
    {
        // movablecore=30%: node 0 has DMA32, a small Normal and a Movable zone; node 1 is Normal. A movable page
        // leaving node 1's Normal asks GFP_USER|__GFP_MOVABLE without __GFP_HIGHMEM, so only node 0's kernel zones.
        var m = ExpectedBoot.Machine("srat2_movablecore_pct");
        m = Workload.Allocate(m, AllocationKind.Movable, 64 * M, 1, blockId: 50).Machine;
        var outcome = BlockOffline.Offline(m, 50, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        var zones = outcome.Machine.Blocks.Values.Where(b => b.UsedPages(AllocationKind.Movable) != 0).Select(b => b.Zone).Distinct();
        Assert.That(zones, Has.None.EqualTo(ZoneType.Movable));
    }

    [Test]
    public void Pages_leaving_ZONE_MOVABLE_may_migrate_into_ZONE_MOVABLE()
    {
        // srat4_hp23_movable_node: node 2 and node 3 are Movable; pages leaving node 2 fill node 3's Movable
        // only if __GFP_HIGHMEM was added, else they would have to go to the kernel nodes.
        var m = ExpectedBoot.Machine("srat4_hp23_movable_node");
        m = Workload.Allocate(m, AllocationKind.Movable, 64 * M, 2, blockId: 50).Machine;
        var outcome = BlockOffline.Offline(m, 50, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        var zones = outcome.Machine.Blocks.Values.Where(b => b.UsedPages(AllocationKind.Movable) != 0).Select(b => b.Zone).Distinct();
        Assert.That(zones, Is.EqualTo(new[] { (ZoneType?)ZoneType.Movable }));
    }

    [Test]
    public void No_room_to_migrate_means_the_kernel_retries_until_a_signal_EINTR()
    {
        // Fill every free page of node 0, then ask node 1's block to move its movable pages there.
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        ulong node0Free = m.Blocks.Values.Where(b => b.Nid == 0 && b.Zone is not null).Aggregate(0UL, (s, b) => s + b.FreePages);
        m = Workload.Allocate(m, AllocationKind.Movable, node0Free * 4096, 0, null).Machine;
        m = Workload.Allocate(m, AllocationKind.Movable, 64 * M, 1, blockId: 40).Machine;
        var outcome = BlockOffline.Offline(m, 40, new KernelLog());
        Assert.That(outcome.Error, Is.EqualTo(Errno.EINTR));
        Assert.That(outcome.Detail, Does.StartWith("signal backoff"));
    }

    [Test]
    public void Long_term_pinned_pages_never_migrate_EINTR()
    {
        var m = ExpectedBoot.Machine("srat2_default");
        m = Workload.Allocate(m, AllocationKind.Pinned, 4 * M, 1, blockId: 40).Machine;
        Assert.That(BlockOffline.Offline(m, 40, new KernelLog()).Error, Is.EqualTo(Errno.EINTR));
    }

    [Test]
    public void Offlining_an_offline_block_is_no_change_EINVAL()
    {
        var m = BlockOffline.Offline(ExpectedBoot.Machine("srat2_default"), 40, new KernelLog()).Machine;
        Assert.That(BlockOffline.Offline(m, 40, new KernelLog()).Error, Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    public void Offlining_the_first_block_of_a_zone_moves_its_start_to_the_next_online_block()
    {
        // movable_node: node 1's ZONE_MOVABLE is blocks 32-47 (without it, block 32 holds node 1's boot slab and stays).
        var m = BlockOffline.Offline(ExpectedBoot.Machine("srat2_hp1_movable_node"), 32, new KernelLog()).Machine;
        var movable = m.Zone(1, ZoneType.Movable);
        Assert.That((movable.Start.Value, movable.Spanned, movable.Present), Is.EqualTo((0x108000UL, 15UL * 32768, 15UL * 32768)));
    }

    [Test]
    public void Offlining_a_block_in_the_middle_of_a_zone_keeps_the_span()
    {
        var m = BlockOffline.Offline(ExpectedBoot.Machine("srat2_default"), 40, new KernelLog()).Machine;
        var normal = m.Zone(1, ZoneType.Normal);
        Assert.That((normal.Start.Value, normal.Spanned, normal.Present), Is.EqualTo((0x100000UL, 16UL * 32768, 15UL * 32768)));
    }

    [Test]
    public void Offlining_the_last_block_of_a_zone_moves_its_end_to_the_previous_online_block()
    {
        // movable_node: node 1's ZONE_MOVABLE is blocks 32-47 and its NODE_DATA lives on node 0.
        var m = BlockOffline.Offline(ExpectedBoot.Machine("srat2_hp1_movable_node"), 47, new KernelLog()).Machine;
        var movable = m.Zone(1, ZoneType.Movable);
        Assert.That((movable.Start.Value, movable.End.Value), Is.EqualTo((0x100000UL, 47UL * 32768)));
    }

    [Test]
    public void A_hugetlb_page_needs_a_whole_free_2_MiB_elsewhere()
    {
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        m = Workload.Allocate(m, AllocationKind.Hugetlb, 2 * M, 1, blockId: 40).Machine;
        var outcome = BlockOffline.Offline(m, 40, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        Assert.That(outcome.Machine.Blocks.Values.Sum(b => (long)b.UsedPages(AllocationKind.Hugetlb)), Is.EqualTo(512));
    }
}
