using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Readiness;
using Bootemu.Hotplug.Script;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Readiness;

/// <summary>
/// Hot-remove verdicts on the real srat2_hp1 machine (node 1 = [4G, 6G) hot-pluggable in the SRAT), by the hotplug
/// layer's rules (reference §7.5/§7.6): only ZONE_MOVABLE free of PageReserved boot allocations can go.
/// </summary>
public class HotRemoveReadinessTests
{
    private static (BootResult Boot, HotplugMachine Machine) Booted(string caseName, string cmdline)
    {
        var boot = PipelineBlockTableTests.Boot(ConformanceCase.Load(caseName), cmdline, new KernelLog());
        return (boot, BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog()));
    }

    private static NodeReadiness Verdict(string caseName, string cmdline, int nid)
    {
        var (boot, machine) = Booted(caseName, cmdline);
        return HotRemoveReadiness.Assess(boot, machine).Single(v => v.Nid == nid);
    }

    private static NodeReadiness Node1(string cmdline) => Verdict("srat2_hp1_movable_node", cmdline, 1);

    private static IEnumerable<string> Texts(NodeReadiness verdict) => verdict.Blockers.Select(b => b.Text);

    private static StepReport Run(HotplugMachine machine, string step) =>
        HotplugScriptRunner.Run(machine, HotplugScript.Parse($"steps:\n  - {step}\n", "s.yaml"), keepGoing: false, new KernelLog()).Steps.Single();

    [Test]
    public void Movable_node_makes_the_hotpluggable_node_removable()
    {
        Assert.That(Node1("movable_node").Removable, Is.True);
    }

    [Test]
    public void Kernelcore_movable_zone_still_holds_the_nodes_own_node_data_and_memmap()
    {
        // §7.6: without movable_node, ZONE_MOVABLE from kernelcore= is at the node's top, which is
        // exactly where its NODE_DATA and memmap were allocated (top-down, on the node itself).
        var verdict = Node1("kernelcore=1G");
        Assert.That(verdict.Removable, Is.False);
        Assert.That(Texts(verdict), Has.Some.Contains("\"NODE_DATA(1)\""));
        Assert.That(Texts(verdict), Has.Some.Contains("\"memmap for node 1\""));
        Assert.That(Texts(verdict), Has.None.Contains("kernel zone"));
    }

    [Test]
    public void Without_any_option_the_node_is_kernel_memory()
    {
        var verdict = Node1("");
        Assert.That(verdict.Removable, Is.False);
        Assert.That(verdict.Blockers[0].Text, Does.StartWith("2 GiB of it is in kernel zone Normal"));
    }

    [Test]
    public void A_node_with_normal_memory_at_boot_names_the_block_its_kernel_slab_pages_pin()
    {
        var verdict = Node1("");
        Assert.That(Texts(verdict), Does.Contain(
            "the kernel keeps slab pages in memory block 32 (node 1's kmem_cache_node structures (kmem_cache_init); CPU 1's per-CPU slabs), which never migrate"));
    }

    [Test]
    public void With_numa_off_the_reason_is_the_ignored_srat_not_the_kernels_own_reservations()
    {
        // §4.6: numa=off skips the SRAT; the dummy attempt's reset clears every hotplug mark, so movable_node has
        // nothing to work with. The hot-pluggable range ends up on the single fake node 0.
        var verdict = Verdict("srat2_hp1_movable_node", "movable_node numa=off", 0);
        Assert.That(verdict.Removable, Is.False);
        Assert.That(Texts(verdict), Has.Some.StartsWith("the kernel did not use the SRAT (numa=off)"));
        Assert.That(Texts(verdict), Has.None.Contains("numa_clear_kernel_node_hotplug"));
    }

    [Test]
    public void The_initrd_the_kernel_frees_after_boot_pins_nothing()
    {
        // The initrd [0x7fee4000, 0x7ffe0000) is on the fake node 0; free_initrd_mem gives its pages back.
        Assert.That(Texts(Verdict("srat2_hp1_movable_node", "numa=off", 0)), Has.None.Contains("\"initrd\""));
    }

    [Test]
    public void With_retain_initrd_the_initrd_pins_its_block()
    {
        Assert.That(Texts(Verdict("srat2_hp1_movable_node", "numa=off retain_initrd", 0)), Has.Some.Contains("\"initrd\""));
    }

    [Test]
    public void A_node_pinned_only_by_early_allocations_is_not_removable_and_offlining_their_block_fails_EBUSY()
    {
        // kernelcore=1G: node 1's memory is ZONE_MOVABLE, but its NODE_DATA sits in its top block.
        var (boot, machine) = Booted("srat2_hp1_movable_node", "kernelcore=1G");
        var verdict = HotRemoveReadiness.Assess(boot, machine).Single(v => v.Nid == 1);
        var nodeData = boot.EarlyAllocations.Single(a => a.What == "NODE_DATA(1)");
        long block = (long)(nodeData.Base / machine.BlockSize);

        var offline = Run(machine, $"offline: {block}");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Removable, Is.False);
            Assert.That(Texts(verdict), Has.None.Contains("kernel zone"));
            Assert.That(machine.Blocks[block].Zone, Is.EqualTo(ZoneType.Movable));
            Assert.That(offline.Error, Is.EqualTo(Errno.EBUSY));
            Assert.That(offline.Detail, Does.Contain("NODE_DATA(1)"));
        });
    }

    [Test]
    public void A_movable_node_without_blockers_is_removable_and_offline_node_succeeds()
    {
        var (boot, machine) = Booted("srat2_hp1_movable_node", "movable_node");
        var verdict = HotRemoveReadiness.Assess(boot, machine).Single(v => v.Nid == 1);
        var offline = Run(machine, "offline_node: 1");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Removable, Is.True);
            Assert.That(offline.Succeeded, Is.True, offline.Detail);
        });
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.KernelConformanceCasesWithSrat))]
    public void A_removable_verdict_is_exactly_a_node_of_ZONE_MOVABLE_blocks_that_offline_node_takes_offline(string kernel, string caseName)
    {
        // The one exception to "readiness = what offline does" is stated: offline does not model the kernel's own
        // unmovable allocations after boot, so it offlines free kernel-zone blocks that readiness reports.
        var c = ConformanceCase.Load(caseName, kernel);
        var k = KernelModel.ForVersion(c.Kernel)!;
        var boot = BootPipeline.Run(MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null),
            KernelCommandLine.Parse(c.Cmdline, k.CommandLine), new KernelLog(), k);
        var machine = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
        foreach (var verdict in HotRemoveReadiness.Assess(boot, machine))
        {
            bool allMovable = NodeOffline.OnlineBlocksOf(machine, verdict.Nid).SelectMany(b => b.Segments)
                .All(s => s.Zone == ZoneType.Movable);
            bool offlined = Run(machine, $"offline_node: {verdict.Nid}").Succeeded;
            Assert.That(verdict.Removable, Is.EqualTo(allMovable && offlined), $"node {verdict.Nid}");
        }
    }
}
