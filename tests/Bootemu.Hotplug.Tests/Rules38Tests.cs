using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Tests;

/// <summary>--rules 3.8: online_movable/online_kernel as Linux 3.8 introduced them.</summary>
public class Rules38Tests
{
    private static readonly HotplugSettings Rules38 = new() { Rules = HotplugRules.Linux38 };

    private static HotplugMachine Offlined(string caseName, params long[] blocks)
    {
        var m = ExpectedBoot.Machine(caseName, Rules38);
        foreach (long b in blocks) m = BlockOffline.Offline(m, b, new KernelLog()).Machine;
        return m;
    }

    /// <summary>qemu_numa2_pcdimm with its DIMM added under 3.8 rules: blocks 48-55 join node 1's ZONE_NORMAL, offline.</summary>
    private static HotplugMachine Dimm() =>
        HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm", Rules38), 0x180000000, 1UL << 30, 1, new KernelLog()).Machine;

    [Test]
    public void Only_the_highest_Normal_block_may_go_Movable() =>
        // move_pfn_range_right: block 50 is in the middle of node 1's Normal zone.
        Assert.That(BlockOnline.Online(Dimm(), 50, OnlineType.OnlineMovable).Error, Is.EqualTo(Errno.EPERM));

    [Test]
    public void The_highest_Normal_block_moves_the_border_and_goes_Movable()
    {
        var after = BlockOnline.Online(Dimm(), 55, OnlineType.OnlineMovable).Machine;
        Assert.That(after.Blocks[55].Zone, Is.EqualTo(ZoneType.Movable));
        Assert.That(after.Zone(1, ZoneType.Normal).End.Value, Is.EqualTo(55UL * 32768));
        Assert.That(after.Zone(1, ZoneType.Movable).Start.Value, Is.EqualTo(55UL * 32768));
    }

    [Test]
    public void Only_the_lowest_Movable_block_may_go_Normal()
    {
        // 54 and 55 go Movable (each the highest Normal block in turn); 55 is then not the lowest Movable block.
        var m = BlockOnline.Online(Dimm(), 55, OnlineType.OnlineMovable).Machine;
        m = BlockOnline.Online(m, 54, OnlineType.OnlineMovable).Machine;
        m = BlockOffline.Offline(m, 55, new KernelLog()).Machine;
        Assert.That(BlockOnline.Online(m, 55, OnlineType.OnlineKernel).Error, Is.EqualTo(Errno.EPERM));
    }

    [Test]
    public void The_lowest_Movable_block_may_go_Normal()
    {
        var m = BlockOnline.Online(Dimm(), 55, OnlineType.OnlineMovable).Machine;
        m = BlockOnline.Online(m, 54, OnlineType.OnlineMovable).Machine;
        m = BlockOffline.Offline(m, 54, new KernelLog()).Machine;
        var outcome = BlockOnline.Online(m, 54, OnlineType.OnlineKernel);
        Assert.That(outcome.Machine.Blocks[54].Zone, Is.EqualTo(ZoneType.Normal), outcome.Detail);
    }

    [Test]
    public void A_node_without_Normal_memory_cannot_online_Movable()
    {
        // movable_node boot: node 1 has only Movable memory, so can_online_high_movable refuses.
        var m = Offlined("srat2_hp1_movable_node", 32);
        Assert.That(BlockOnline.Online(m, 32, OnlineType.Online).Error, Is.EqualTo(Errno.EPERM));
    }

    [Test]
    public void The_last_Normal_memory_of_a_node_with_Movable_memory_cannot_go_offline()
    {
        // srat2_default with node 1's NODE_DATA and boot slab (block 32) assumed elsewhere: 47 goes Movable, then Normal
        // empties block by block.
        var m = ExpectedBoot.Machine("srat2_default", Rules38);
        m = m.WithBlock(m.Blocks[47] with { Reserved = [] });
        m = m.WithBlock(m.Blocks[32] with { Slab = [] });
        m = BlockOffline.Offline(m, 47, new KernelLog()).Machine;
        m = BlockOnline.Online(m, 47, OnlineType.OnlineMovable).Machine;
        for (long b = 32; b < 46; b++) m = BlockOffline.Offline(m, b, new KernelLog()).Machine;
        var outcome = BlockOffline.Offline(m, 46, new KernelLog());
        Assert.That(outcome.Error, Is.EqualTo(Errno.EINVAL));
        Assert.That(outcome.Detail, Does.Contain("can_offline_normal"));
    }
}
