using Bootemu.Boot.Kernel;
using Bootemu.Boot.Readiness;
using Bootemu.Boot.Tests.Conformance;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Readiness;

/// <summary>
/// Hot-remove verdicts on the real srat2_hp1 machine (node 1 = [4G, 6G) hot-pluggable in the SRAT),
/// by the rules of docs/linux-6.1-boot-memory.md §7.5/§7.6: only ZONE_MOVABLE free of PageReserved boot allocations can go.
/// </summary>
public class HotRemoveReadinessTests
{
    private static NodeReadiness Node1(string cmdline) =>
        HotRemoveReadiness.Assess(BootPipelineConformanceTests.Boot("srat2_hp1_movable_node", cmdline)).Single(v => v.Nid == 1);

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
        Assert.That(verdict.Blockers.Select(b => b.Text), Has.Some.Contains("\"NODE_DATA(1)\""));
        Assert.That(verdict.Blockers.Select(b => b.Text), Has.Some.Contains("\"memmap for node 1\""));
        Assert.That(verdict.Blockers.Select(b => b.Text), Has.None.Contains("kernel zone"));
    }

    [Test]
    public void Without_any_option_the_node_is_kernel_memory()
    {
        var verdict = Node1("");
        Assert.That(verdict.Removable, Is.False);
        Assert.That(verdict.Blockers[0].Text, Does.StartWith("2 GiB of it is in kernel zone Normal"));
    }

    [Test]
    public void With_numa_off_the_reason_is_the_ignored_srat_not_the_kernels_own_reservations()
    {
        // §4.6: numa=off skips the SRAT; the dummy attempt's reset clears every hotplug mark, so movable_node has
        // nothing to work with. The hot-pluggable range ends up on the single fake node 0.
        var boot = BootPipelineConformanceTests.Boot("srat2_hp1_movable_node", "movable_node numa=off");
        var verdict = HotRemoveReadiness.Assess(boot).Single(v => v.Nid == 0);
        Assert.That(verdict.Removable, Is.False);
        Assert.That(verdict.Blockers.Select(b => b.Text), Has.Some.StartsWith("the kernel did not use the SRAT (numa=off)"));
        Assert.That(verdict.Blockers.Select(b => b.Text), Has.None.Contains("numa_clear_kernel_node_hotplug"));
    }

    [Test]
    public void A_valid_slit_puts_the_numa_distance_table_among_the_early_allocations()
    {
        // numa_alloc_distance: a valid SLIT makes the kernel allocate a node-count-squared byte table from memblock,
        // page aligned (4 nodes: 16 bytes); it stays reserved, so it pins the node it lands on.
        var machine = Bootemu.Machine.Fixtures.MachineLoader.LoadFixture(Path.Combine(Bootemu.Tests.Shared.RepoPaths.FirmwareTables, "four-node-2hotplug-hole.yaml"));
        var boot = BootPipeline.Run(machine, Bootemu.Machine.CommandLine.KernelCommandLine.Parse(machine.CommandLine), new Bootemu.Core.Logging.KernelLog(), KernelModel.Linux61);
        var table = boot.EarlyAllocations.Single(a => a.What.StartsWith("numa_distance", StringComparison.Ordinal));
        Assert.That(table.Size, Is.EqualTo(16UL));
        Assert.That(table.Base % 4096, Is.EqualTo(0UL));
        Assert.That(table.Nid, Is.Not.EqualTo(-1));
    }
}
