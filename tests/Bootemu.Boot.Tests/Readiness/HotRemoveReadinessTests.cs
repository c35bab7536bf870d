using Bootemu.Boot.Readiness;
using Bootemu.Boot.Tests.Conformance;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Readiness;

/// <summary>
/// Hot-remove verdicts on the real srat2_hp1 machine (node 1 = [4G, 6G) hot-pluggable in the SRAT),
/// by the rules of reference §7.5/§7.6: only ZONE_MOVABLE free of PageReserved boot allocations can go.
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
}
