using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// build_all_zonelists after boot: a zone gaining its first pages (online_pages) or losing its last (offline_pages), and a
/// node brought online by hot-add (hotadd_init_pgdat). tests/conformance-hotplug checks the lines against real 6.1 runs.
/// </summary>
public class ZonelistRebuildTests
{
    private static List<string> Printed(KernelLog log, int from = 0) =>
        log.Lines.Skip(from).Where(l => l.Level != KernelLogLevel.Debug).Select(l => l.Text).ToList();

    [Test]
    public void Onlining_a_block_into_an_empty_zone_rebuilds_the_zonelists_counting_its_pages_against_the_old_watermarks()
    {
        var log = new KernelLog();
        var offline = BlockOffline.Offline(ExpectedBoot.Machine("srat2_default"), 40, log).Machine;
        int before = log.Lines.Count;
        var outcome = BlockOnline.Online(offline, 40, OnlineType.OnlineMovable, log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        // The new ZONE_MOVABLE has no watermarks yet: all its pages count; the other zones count above their high mark.
        ulong total = offline.OnlineNodes.SelectMany(offline.ZonesOf).Where(z => z.IsPopulated)
            .Aggregate(0UL, (s, z) => s + z.Managed - z.Watermarks.High) + offline.PagesPerBlock;
        Assert.That(Printed(log, before), Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 1 ",
            "Fallback order for Node 1: 1 0 ",
            $"Built 2 zonelists, mobility grouping on.  Total pages: {total}",
            "Policy zone: Normal",
        }));
    }

    [Test]
    public void Onlining_into_a_zone_that_has_pages_rebuilds_nothing()
    {
        var log = new KernelLog();
        var m = BlockOffline.Offline(ExpectedBoot.Machine("srat2_default"), 40, log).Machine;
        int before = log.Lines.Count;
        BlockOnline.Online(m, 40, OnlineType.OnlineKernel, log);
        Assert.That(Printed(log, before), Is.Empty);
    }

    [Test]
    public void Online_adds_the_blocks_pages_to_managed_and_offline_takes_them_away()
    {
        var m = ExpectedBoot.Machine("srat2_default");
        ulong normal = m.Zone(1, ZoneType.Normal).Managed;
        var offline = BlockOffline.Offline(m, 40, new KernelLog()).Machine;
        Assert.That(offline.Zone(1, ZoneType.Normal).Managed, Is.EqualTo(normal - m.PagesPerBlock));
        var movable = BlockOnline.Online(offline, 40, OnlineType.OnlineMovable).Machine;
        Assert.That(movable.Zone(1, ZoneType.Movable).Managed, Is.EqualTo(m.PagesPerBlock));
    }

    [Test]
    public void Online_gives_the_buddy_allocator_only_the_pages_after_the_blocks_own_memmap()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        m = m with { Policy = m.Policy with { MemmapOnMemory = true } };
        m = HotAdd.Add(m, 0x180000000, 128UL << 20, 1, new KernelLog()).Machine;
        var after = BlockOnline.Online(m, 48, OnlineType.OnlineMovable).Machine;
        Assert.That(m.Blocks[48].VmemmapPages, Is.Not.Zero);
        Assert.That(after.Zone(1, ZoneType.Movable).Managed, Is.EqualTo(m.PagesPerBlock - m.Blocks[48].VmemmapPages));
        Assert.That(after.Zone(1, ZoneType.Movable).Present, Is.EqualTo(m.PagesPerBlock));
    }

    [Test]
    public void On_6_1_a_node_that_loses_its_last_memory_is_still_in_the_rebuilt_lists()
    {
        var log = new KernelLog();
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_movable_node"), 1, log).Machine;
        Assert.That(m.HasMemory(1), Is.False);
        Assert.That(Printed(log).Where(l => l.StartsWith("Fallback", StringComparison.Ordinal)).TakeLast(2),
            Is.EqualTo(new[] { "Fallback order for Node 0: 0 1 ", "Fallback order for Node 1: 1 0 " }));
    }

    [Test]
    public void On_6_12_a_node_that_loses_its_last_memory_leaves_the_rebuilt_lists_even_its_own()
    {
        var log = new KernelLog();
        var booted = ExpectedBoot.Machine("srat2_hp1_movable_node") with { Kernel = KernelModel.Linux612 };
        NodeOffline.OfflineNode(booted, 1, log);
        Assert.That(Printed(log).Where(l => l.StartsWith("Fallback", StringComparison.Ordinal)).TakeLast(2),
            Is.EqualTo(new[] { "Fallback order for Node 0: 0 ", "Fallback order for Node 1: 0 " }));
    }

    [Test]
    public void The_policy_zone_rises_with_the_first_normal_memory_but_never_to_movable()
    {
        // srat2_hp1_movable_node: node 0 has DMA and DMA32 only, node 1 is all Movable, so policy_zone starts at DMA32.
        var log = new KernelLog();
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        Assert.That(m.PolicyZone, Is.EqualTo(ZoneType.DMA32));
        for (long block = 32; block <= 47; block++) m = BlockOffline.Offline(m, block, log).Machine;
        m = BlockOnline.Online(m, 47, OnlineType.OnlineMovable, log).Machine;
        Assert.That(Printed(log).Last(), Is.EqualTo("Policy zone: DMA32"));
        m = BlockOnline.Online(m, 40, OnlineType.OnlineKernel, log).Machine;
        Assert.That(Printed(log).Last(), Is.EqualTo("Policy zone: Normal"));
        Assert.That(m.PolicyZone, Is.EqualTo(ZoneType.Normal));
    }

    [Test]
    public void A_hot_add_that_brings_a_node_online_builds_that_nodes_zonelist_alone_before_counting_it_online()
    {
        // srat4_hp23_movable_node: node 3 ([7G, 8G), no CPUs) emptied and removed goes offline; adding its memory back
        // brings it online again.
        var log = new KernelLog();
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat4_hp23_movable_node"), 3, log).Machine;
        m = HotRemove.RemoveNode(m, 3, log).Machine;
        Assert.That(m.OnlineNodes, Does.Not.Contain(3));
        int before = log.Lines.Count;
        var outcome = HotAdd.Add(m, 0x1c0000000, 1UL << 30, 3, log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        var printed = Printed(log, before);
        Assert.That(printed[0], Is.EqualTo("Fallback order for Node 3: 3 2 0 1 "));
        Assert.That(printed[1], Does.StartWith("Built 3 zonelists, mobility grouping on.  Total pages: "));
        Assert.That(printed[2], Is.EqualTo("Policy zone: Normal"));
        Assert.That(printed, Has.Count.EqualTo(3));
    }
}
