using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Tests;

/// <summary>online_pages and zone_for_pfn_range / valid_zones_show with 6.1's rules.</summary>
public class OnlineAndZoneTests
{
    private const ulong G = 1UL << 30;

    private static HotplugMachine Offlined(string caseName, long block, HotplugSettings? settings = null) =>
        BlockOffline.Offline(ExpectedBoot.Machine(caseName, settings), block, new KernelLog()).Machine;

    private static HotplugMachine WithOptions(HotplugMachine m, Func<HotplugPolicy, HotplugPolicy> change) => m with { Policy = change(m.Policy) };

    [Test]
    public void Onlining_an_online_block_is_no_change_EINVAL() =>
        Assert.That(BlockOnline.Online(ExpectedBoot.Machine("srat2_default"), 40, OnlineType.Online).Error, Is.EqualTo(Errno.EINVAL));

    [Test]
    public void An_offline_block_inside_Normal_shows_Normal_then_Movable()
    {
        var m = Offlined("srat2_default", 40);
        Assert.That(ZonePolicy.ValidZones(m, m.Blocks[40]), Is.EqualTo(new[] { "Normal", "Movable" }));
    }

    [Test]
    public void An_offline_DMA32_block_shows_DMA32_then_Movable()
    {
        var m = Offlined("srat2_default", 5);
        Assert.That(ZonePolicy.ValidZones(m, m.Blocks[5]), Is.EqualTo(new[] { "DMA32", "Movable" }));
    }

    [Test]
    public void An_offline_block_inside_a_boot_Movable_zone_shows_Movable_then_Normal()
    {
        var m = Offlined("srat2_hp1_movable_node", 40);
        Assert.That(ZonePolicy.ValidZones(m, m.Blocks[40]), Is.EqualTo(new[] { "Movable", "Normal" }));
    }

    [Test]
    public void Online_movable_works_in_the_middle_of_Normal_and_zone_spans_overlap()
    {
        // 6.1 has no adjacency rule: block 40 goes Movable while Normal still spans it.
        var m = Offlined("srat2_default", 40);
        var outcome = BlockOnline.Online(m, 40, OnlineType.OnlineMovable);
        Assert.That(outcome.Succeeded, Is.True);
        var normal = outcome.Machine.Zone(1, ZoneType.Normal);
        var movable = outcome.Machine.Zone(1, ZoneType.Movable);
        Assert.That((movable.Start.Value, movable.Spanned, normal.Start.Value, normal.Spanned),
            Is.EqualTo((0x140000UL, 32768UL, 0x100000UL, 16UL * 32768)));
        Assert.That(ZonePolicy.ValidZones(outcome.Machine, outcome.Machine.Blocks[40]), Is.EqualTo(new[] { "Movable" }));
    }

    [Test]
    public void Online_kernel_on_a_movable_node_block_goes_to_Normal()
    {
        var m = Offlined("srat2_hp1_movable_node", 40);
        var outcome = BlockOnline.Online(m, 40, OnlineType.OnlineKernel);
        Assert.That(outcome.Machine.Blocks[40].Zone, Is.EqualTo(ZoneType.Normal));
    }

    [Test]
    public void Contig_zones_online_inherits_the_only_zone_that_spans_the_block()
    {
        var m = Offlined("srat2_hp1_movable_node", 40);
        Assert.That(BlockOnline.Online(m, 40, OnlineType.Online).Machine.Blocks[40].Zone, Is.EqualTo(ZoneType.Movable));
    }

    [Test]
    public void Auto_movable_keeps_a_node_with_no_boot_kernel_memory_in_the_kernel_zone()
    {
        // movable_node boot: node 1 has no kernel present_early_pages, so the numa-aware check refuses Movable.
        var m = WithOptions(Offlined("srat2_hp1_movable_node", 40), o => o with { OnlinePolicy = OnlinePolicy.AutoMovable });
        Assert.That(ZonePolicy.ZoneForPfnRange(m, OnlineType.Online, 1, null, m.Blocks[40].StartPfn, m.Blocks[40].Pages), Is.EqualTo(ZoneType.Normal));
    }

    [Test]
    public void Auto_movable_goes_Movable_while_the_ratio_allows_it()
    {
        // srat2_default: each node has 2 GiB of boot kernel memory; 128 MiB Movable is far below 301 %.
        var m = WithOptions(Offlined("srat2_default", 40), o => o with { OnlinePolicy = OnlinePolicy.AutoMovable });
        Assert.That(BlockOnline.Online(m, 40, OnlineType.Online).Machine.Blocks[40].Zone, Is.EqualTo(ZoneType.Movable));
    }

    [Test]
    public void Auto_movable_with_ratio_0_always_picks_the_kernel_zone()
    {
        var m = WithOptions(Offlined("srat2_default", 40), o => o with { OnlinePolicy = OnlinePolicy.AutoMovable, AutoMovableRatio = 0 });
        Assert.That(BlockOnline.Online(m, 40, OnlineType.Online).Machine.Blocks[40].Zone, Is.EqualTo(ZoneType.Normal));
    }

    [Test]
    public void Auto_movable_refuses_Movable_beyond_the_ratio()
    {
        // Ratio 1 %: 1 % of node 1's 2 GiB early kernel memory is less than one 128 MiB block.
        var m = WithOptions(Offlined("srat2_default", 40), o => o with { OnlinePolicy = OnlinePolicy.AutoMovable, AutoMovableRatio = 1 });
        Assert.That(BlockOnline.Online(m, 40, OnlineType.Online).Machine.Blocks[40].Zone, Is.EqualTo(ZoneType.Normal));
    }

    [Test]
    public void Onlining_grows_an_empty_zone_to_exactly_the_block()
    {
        var m = Offlined("srat2_default", 47 - 1);
        var after = BlockOnline.Online(m, 46, OnlineType.OnlineMovable).Machine;
        var movable = after.Zone(1, ZoneType.Movable);
        Assert.That((movable.Start.Value, movable.Spanned, movable.Present), Is.EqualTo((46UL * 32768, 32768UL, 32768UL)));
        Assert.That(after.HasMemory(1) && after.HasNormalMemory(1), Is.True);
    }
}
