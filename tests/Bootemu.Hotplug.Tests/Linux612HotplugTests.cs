using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests;

/// <summary>Hot-add as Debian's Linux 6.12 build does it (MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO, 6.12's memmap_on_memory).</summary>
public class Linux612HotplugTests
{
    private const ulong G = 1UL << 30;

    /// <summary>qemu_numa2_pcdimm's boot, with the hotplug policy its command line gives on <paramref name="kernel"/>.</summary>
    private static HotplugMachine Booted(KernelModel kernel, Func<HotplugPolicy, HotplugPolicy>? change = null)
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        var policy = HotplugPolicy.From(KernelCommandLine.Parse(""), kernel);
        return m with { Kernel = kernel, Policy = change is null ? policy : change(policy) };
    }

    [Test]
    public void Hot_added_memory_is_onlined_at_once_by_6_12()
    {
        var after = HotAdd.Add(Booted(KernelModel.Linux612), 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(Enumerable.Range(48, 8).Select(id => after.Blocks[id].State), Has.All.EqualTo(BlockState.Online));
        Assert.That(after.Zone(1, ZoneType.Normal).Present, Is.EqualTo(786432UL));
    }

    [Test]
    public void Hot_added_memory_stays_offline_on_6_1()
    {
        var after = HotAdd.Add(Booted(KernelModel.Linux61), 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(Enumerable.Range(48, 8).Select(id => after.Blocks[id].State), Has.All.EqualTo(BlockState.Offline));
    }

    [Test]
    public void Memhp_default_state_offline_overrides_the_6_12_default()
    {
        var m = Booted(KernelModel.Linux612);
        var after = HotAdd.Add(m with { Policy = m.Policy with { AutoOnlineType = OnlineType.Offline } }, 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(after.Blocks[48].State, Is.EqualTo(BlockState.Offline));
    }

    [Test]
    public void Under_movable_node_6_12_onlines_the_device_into_ZONE_MOVABLE()
    {
        var m = Booted(KernelModel.Linux612);
        var after = HotAdd.Add(m with { Policy = m.Policy with { MovableNode = true } }, 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(after.Blocks[55].Zone, Is.EqualTo(ZoneType.Movable));
        Assert.That(after.Zone(1, ZoneType.Movable).Present, Is.EqualTo(262144UL));
    }

    [Test]
    public void Memmap_on_memory_hosts_each_blocks_memmap_in_that_block_on_6_12()
    {
        // 6.1 self-hosts only a one-block add; 6.12 gives every block of a 1 GiB add its own 512 memmap pages.
        static HotplugPolicy MemmapOnMemory(HotplugPolicy p) => p with { MemmapOnMemory = true, AutoOnlineType = OnlineType.Offline };
        var current = HotAdd.Add(Booted(KernelModel.Linux612, MemmapOnMemory), 0x180000000, G, 1, new KernelLog()).Machine;
        var old = HotAdd.Add(Booted(KernelModel.Linux61, MemmapOnMemory), 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(Enumerable.Range(48, 8).Select(id => current.Blocks[id].VmemmapPages), Has.All.EqualTo(512UL));
        Assert.That(Enumerable.Range(48, 8).Select(id => old.Blocks[id].VmemmapPages), Has.All.EqualTo(0UL));
    }

    [Test]
    public void A_pc_dimm_present_at_boot_comes_up_online_normal_on_6_12_as_the_real_boot_shows()
    {
        var c = ConformanceCase.Load("qemu_numa2_pcdimm", RepoPaths.Linux612);
        var m = PipelineBlockTableTests.AfterBoot(c, new KernelLog());
        Assert.That(m.DevicesAtBoot.Single().Error, Is.Null);
        Assert.That(SysfsView.Blocks(m).Where(b => b.Id >= 48).Select(BootBlockTableTests.Row),
            Has.All.Contains(" online Normal nodes=1"));
    }
}
