using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// The eject of an ACPI memory device (acpi_scan_try_to_offline, then acpi_memory_device_remove): on qemu_numa2_pcdimm
/// with its 1 GiB DIMM hot-added at 0x180000000, blocks 48-55 on node 1.
/// </summary>
public class AcpiEjectTests
{
    private const ulong G = 1UL << 30;
    private const ulong DimmBase = 0x180000000;

    private static HotplugMachine WithDimm(KernelLog log) => HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), DimmBase, G, 1, log).Machine;

    /// <summary>A line of build_all_zonelists, which runs when a zone gains its first pages or loses its last.</summary>
    private static bool ZonelistLine(string line) =>
        line.StartsWith("Fallback order for Node ", StringComparison.Ordinal) || line.StartsWith("Built ", StringComparison.Ordinal)
        || line.StartsWith("Policy zone: ", StringComparison.Ordinal);

    private static HotAddedRange Dimm(HotplugMachine m) => m.Added.Single(d => d.Base == DimmBase);

    private static HotplugMachine Onlined(HotplugMachine m, OnlineType type, params long[] blocks)
    {
        foreach (long b in blocks) m = BlockOnline.Online(m, b, type).Machine;
        return m;
    }

    /// <summary>Blocks 48-55 online: 50 to Normal holding unmovable kernel pages, the others Movable.</summary>
    private static HotplugMachine WithBusyBlock50(KernelLog log)
    {
        var m = Onlined(WithDimm(log), OnlineType.OnlineMovable, 48, 49);
        m = Onlined(m, OnlineType.OnlineKernel, 50);
        m = Onlined(m, OnlineType.OnlineMovable, 51, 52, 53, 54, 55);
        return Workload.Allocate(m, AllocationKind.Unmovable, 4 << 20, 1, 50).Machine;
    }

    [Test]
    public void Ejecting_a_device_whose_blocks_are_offline_removes_them_and_keeps_the_node_online()
    {
        var log = new KernelLog();
        var m = WithDimm(log);
        var outcome = AcpiEject.Eject(m, Dimm(m), log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.Blocks.Keys.Max(), Is.EqualTo(47));
        Assert.That(outcome.Machine.Added, Is.Empty);
        Assert.That(outcome.Machine.OnlineNodes, Does.Contain(1));
        Assert.That(outcome.Detail, Does.Not.Contain("offlined"));
    }

    [Test]
    public void Ejecting_offlines_online_blocks_of_any_zone_itself_and_the_zones_shrink_back()
    {
        var log = new KernelLog();
        var m = Onlined(WithDimm(log), OnlineType.OnlineKernel, 48, 49);
        m = Onlined(m, OnlineType.OnlineMovable, 50, 51);
        var outcome = AcpiEject.Eject(m, Dimm(m), log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Detail, Does.StartWith("offlined blocks 48-51, then removed blocks 48-55"));
        var after = outcome.Machine;
        Assert.That(after.Zone(1, ZoneType.Movable).IsEmpty, Is.True);
        Assert.That(after.Zone(1, ZoneType.Normal).End, Is.EqualTo(Pfn.Down(DimmBase)));
        Assert.That(after.Groups, Is.Empty);
        // ZONE_MOVABLE losing its last pages rebuilds the zonelists (qmp_add_movable_del op 10 prints the same); nothing else.
        var printed = log.Lines.Where(l => l.Level != KernelLogLevel.Debug).Select(l => l.Text).ToList();
        Assert.That(printed.Where(l => !ZonelistLine(l)), Is.Empty);
        Assert.That(printed.Count(l => l.StartsWith("Built ", StringComparison.Ordinal)), Is.EqualTo(1), "ZONE_MOVABLE lost its last pages once");
    }

    [Test]
    public void A_block_that_cannot_be_offlined_fails_the_eject_busy_with_the_kernels_warning()
    {
        var log = new KernelLog();
        var m = WithBusyBlock50(log);
        int before = log.Lines.Count;
        var outcome = AcpiEject.Eject(m, Dimm(m), log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        // Each pass's refused offline dumps the unmovable page it met (dump_page, a warning); then the eject warns.
        var printed = log.Lines.Skip(before).Where(l => l.Level != KernelLogLevel.Debug).Select(l => l.Text).ToList();
        Assert.That(printed.Last(), Is.EqualTo("memory memory50: Offline failed."));
        Assert.That(printed.Count(l => l == "page dumped because: unmovable page"), Is.EqualTo(2));
        Assert.That(printed.Where(l => l != "memory memory50: Offline failed.").Where(l => !l.StartsWith("flags: ", StringComparison.Ordinal) && !ZonelistLine(l)),
            Has.All.EqualTo("page dumped because: unmovable page"));
        Assert.That(outcome.Machine.Blocks.Keys.Max(), Is.EqualTo(55), "the device stays");
    }

    [Test]
    public void A_refused_block_is_tried_again_in_a_second_pass_before_the_eject_gives_up()
    {
        var log = new KernelLog();
        var m = WithBusyBlock50(log);
        int before = log.Lines.Count;
        AcpiEject.Eject(m, Dimm(m), log);
        var attempts = log.Lines.Skip(before).Where(l => l.Text.StartsWith("memory offlining [mem 0x190000000-0x197ffffff] failed", StringComparison.Ordinal));
        Assert.That(attempts.Count(), Is.EqualTo(2));
    }

    [Test]
    public void A_failed_eject_puts_the_blocks_it_offlined_back_with_a_plain_online_so_Movable_blocks_can_come_back_Normal()
    {
        var log = new KernelLog();
        var m = WithBusyBlock50(log);
        var after = AcpiEject.Eject(m, Dimm(m), log).Machine;
        Assert.That(Enumerable.Range(48, 8).Select(b => after.Blocks[b].State), Is.All.EqualTo(BlockState.Online));
        // With only block 50 left online, 48 and 49 lie inside neither zone span: the default zone is the kernel zone,
        // and once Normal spans 48-51 every later block inherits it.
        Assert.That(Enumerable.Range(48, 8).Select(b => after.Blocks[b].Zone), Is.All.EqualTo(ZoneType.Normal));
        Assert.That(after.Zone(1, ZoneType.Movable).IsEmpty, Is.True);
    }

    [Test]
    public void A_failed_eject_leaves_blocks_that_were_offline_before_it_offline()
    {
        var log = new KernelLog();
        var m = Onlined(WithDimm(log), OnlineType.OnlineKernel, 50);
        m = Onlined(m, OnlineType.OnlineMovable, 51);
        m = Workload.Allocate(m, AllocationKind.Unmovable, 4 << 20, 1, 50).Machine;
        var after = AcpiEject.Eject(m, Dimm(m), log).Machine;
        Assert.That(new long[] { 48, 49, 52, 53, 54, 55 }.Select(b => after.Blocks[b].State), Is.All.EqualTo(BlockState.Offline));
        Assert.That(after.Blocks[51].State, Is.EqualTo(BlockState.Online));
    }

    [Test]
    public void Pinned_pages_make_the_eject_never_complete_and_no_warning_is_printed()
    {
        var log = new KernelLog();
        var m = Onlined(WithDimm(log), OnlineType.OnlineKernel, 48, 49);
        m = Workload.Allocate(m, AllocationKind.Pinned, 4 << 20, 1, 49).Machine;
        int before = log.Lines.Count;
        var outcome = AcpiEject.Eject(m, Dimm(m), log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EINPROGRESS));
        Assert.That(outcome.Detail, Does.Contain("never completes"));
        Assert.That(outcome.Machine.Blocks[48].State, Is.EqualTo(BlockState.Offline), "the first pass got that far");
        Assert.That(log.Lines.Skip(before), Is.Empty);
    }

    [Test]
    public void The_script_step_ejects_the_device_at_exactly_its_range()
    {
        var log = new KernelLog();
        var script = HotplugScript.Parse("steps:\n  - online_movable: 48\n  - eject: {base: 0x180000000, size: 1G}\n", "s.yaml");
        var run = HotplugScriptRunner.Run(WithDimm(log), script, keepGoing: false, log);
        Assert.That(run.Steps.Select(s => s.Step.Describe()), Is.EqualTo(new[] { "online_movable block 48", "eject [mem 0x180000000-0x1bfffffff]" }));
        Assert.That(run.AllSucceeded, Is.True);
        Assert.That(run.Final.Blocks.Keys.Max(), Is.EqualTo(47));
    }

    [Test]
    public void Ejecting_a_range_that_is_not_a_device_is_the_scripts_error()
    {
        var log = new KernelLog();
        var script = HotplugScript.Parse("steps:\n  - eject: {base: 0x180000000, size: 512M}\n", "s.yaml");
        var e = Assert.Throws<InputException>(() => HotplugScriptRunner.Run(WithDimm(log), script, keepGoing: false, log));
        Assert.That(e!.OneLine, Does.StartWith("s.yaml:2:5: no ACPI memory device at [mem 0x180000000-0x19fffffff]; devices now: [mem 0x180000000-0x1bfffffff]"));
    }
}
