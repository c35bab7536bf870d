using Bootemu.Tests.Shared;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Hotplug.Tests;

/// <summary>add_memory of an ACPI memory device: its checks in order, its memmap, its blocks, auto-online.</summary>
public class HotAddTests
{
    private const ulong G = 1UL << 30, M = 1UL << 20;

    [Test]
    public void The_qemu_pc_dimm_blocks_match_the_real_sysfs()
    {
        // qemu_numa2_pcdimm: QEMU's 1 GiB pc-dimm on node 1 at 6 GiB, added by ACPI and left offline (Debian default).
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        var outcome = HotAdd.Add(m, 0x180000000, G, 1, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        var expected = ConformanceCase.Load("qemu_numa2_pcdimm").Expected.GetProperty("memory_blocks").EnumerateArray()
            .Select(BootBlockTableTests.Row).ToList();
        var actual = SysfsView.Blocks(outcome.Machine)
            .Select(BootBlockTableTests.Row).ToList();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void With_movable_node_a_hot_added_block_defaults_to_Movable()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        m = m with { Policy = m.Policy with { MovableNode = true } };
        var after = HotAdd.Add(m, 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(ZonePolicy.ValidZones(after, after.Blocks[48]), Is.EqualTo(new[] { "Movable", "Normal" }));
    }

    [Test]
    public void Unaligned_ranges_fail_with_the_kernels_line_EINVAL()
    {
        var log = new KernelLog();
        var outcome = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, 64 * M, 1, log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EINVAL));
        Assert.That(log.Lines.Single().Text, Is.EqualTo("Block size [0x8000000] unaligned hotplug range: start 0x180000000, size 0x4000000"));
    }

    [Test]
    public void A_node_that_is_not_possible_can_never_appear_EINVAL() =>
        Assert.That(HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, G, 2, new KernelLog()).Error, Is.EqualTo(Errno.EINVAL));

    [Test]
    public void A_range_over_existing_RAM_conflicts_in_iomem_EEXIST() =>
        Assert.That(HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x100000000, G, 1, new KernelLog()).Error, Is.EqualTo(Errno.EEXIST));

    [Test]
    public void A_range_beyond_46_bits_is_refused_with_the_kernels_line_E2BIG()
    {
        var log = new KernelLog();
        var outcome = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 1UL << 46, G, 1, log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.E2BIG));
        Assert.That(log.Lines.Single().Text,
            Is.EqualTo("Hotplug memory [0x400000000000-0x400040000000] exceeds maximum addressable range [0x0-0x3fffffffffff]"));
    }

    [Test]
    public void The_memmap_of_hot_added_memory_comes_from_kernel_memory_and_pins_it()
    {
        // 1 GiB needs 16 MiB of struct pages (64 bytes per 4 KiB page), allocated GFP_KERNEL on the node.
        var after = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, G, 1, new KernelLog()).Machine;
        var holders = after.Blocks.Values.Where(b => b.UsedPages(AllocationKind.Memmap) != 0).ToList();
        Assert.That(holders.Sum(b => (long)b.UsedPages(AllocationKind.Memmap)), Is.EqualTo(16 * M / 4096));
        Assert.That(holders.All(b => b.Nid == 1 && b.Zone == ZoneType.Normal), Is.True);
        Assert.That(BlockOffline.Offline(after, holders[0].Id, new KernelLog()).Error, Is.EqualTo(Errno.EBUSY));
    }

    [Test]
    public void Hot_add_fails_when_no_kernel_memory_is_free_for_its_memmap_ENOMEM()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        ulong free = m.Blocks.Values.Where(b => b.Zone is not null && b.Nodes.Length == 1).Aggregate(0UL, (s, b) => s + b.FreePages);
        m = Workload.Allocate(m, AllocationKind.Unmovable, free * 4096, 0, null).Machine;
        Assert.That(HotAdd.Add(m, 0x180000000, G, 1, new KernelLog()).Error, Is.EqualTo(Errno.ENOMEM));
    }

    [Test]
    public void With_memmap_on_memory_a_one_block_add_hosts_its_own_memmap()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        ulong free = m.Blocks.Values.Where(b => b.Zone is not null && b.Nodes.Length == 1).Aggregate(0UL, (s, b) => s + b.FreePages);
        m = Workload.Allocate(m, AllocationKind.Unmovable, free * 4096, 0, null).Machine;
        m = m with { Policy = m.Policy with { MemmapOnMemory = true } };
        var outcome = HotAdd.Add(m, 0x180000000, 128 * M, 1, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True);
        Assert.That(outcome.Machine.Blocks[48].VmemmapPages, Is.EqualTo(512));
    }

    [Test]
    public void Memhp_default_state_online_movable_onlines_the_new_blocks_to_Movable()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        m = m with { Policy = m.Policy with { AutoOnlineType = OnlineType.OnlineMovable } };
        var after = HotAdd.Add(m, 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(after.Blocks.Values.Where(b => b.Id >= 48).All(b => b.State == BlockState.Online && b.Zone == ZoneType.Movable), Is.True);
    }

    [Test]
    public void Without_a_PXM_the_node_comes_from_numa_meminfo_not_the_hotplug_range()
    {
        // memory_add_physaddr_to_nid: 6 GiB is only in the SRAT's hotplug range (numa_reserved_meminfo), so the
        // first numa_meminfo range's node (0) is used.
        var after = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, G, null, new KernelLog()).Machine;
        Assert.That(after.Blocks[48].Nid, Is.EqualTo(0));
    }

    [Test]
    public void The_command_line_auto_online_state_and_movable_node_put_a_dimm_in_Movable()
    {
        // memhp_default_state=online with the contig-zones policy: no zone spans the DIMM, so movable_node decides.
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        m = m with { Policy = HotplugPolicy.From(KernelCommandLine.Parse("movable_node memhp_default_state=online"), m.Kernel) };
        var after = HotAdd.Add(m, 0x180000000, G, 1, new KernelLog()).Machine;
        Assert.That(after.Blocks.Values.Where(b => b.Id >= 48).Select(b => b.Zone).Distinct(),
            Is.EqualTo(new[] { (ZoneType?)ZoneType.Movable }));
    }

    [Test]
    public void Self_hosted_memmap_pages_do_not_stop_the_block_from_going_offline()
    {
        // memmap_on_memory: offline_pages starts after the vmemmap pages, which stay until the memory is removed.
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        m = m with { Policy = m.Policy with { MemmapOnMemory = true } };
        m = HotAdd.Add(m, 0x180000000, 128 * M, 1, new KernelLog()).Machine;
        m = BlockOnline.Online(m, 48, OnlineType.OnlineMovable).Machine;
        Assert.That(m.Zone(1, ZoneType.Movable).Present, Is.EqualTo(32768));
        var outcome = BlockOffline.Offline(m, 48, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.Zone(1, ZoneType.Movable).IsEmpty, Is.True);
    }
}
