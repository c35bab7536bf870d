using Bootemu.Boot.Tests.Conformance;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// x86_numa_init's decisions on every real boot (both kernels, numa=fake= ones included), through the whole
/// BootPipeline, against what sysfs showed after those boots: node masks, distances and the nodes' CPU lists. (Its lines, NODE_DATA and the memblock dumps included, are
/// compared line for line by <see cref="BootPipelineConformanceTests"/>.)
/// </summary>
[TestFixture]
public sealed class NumaConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Possible_and_online_nodes_match_sysfs(ConformanceSuite suite, string kernel, string name)
    {
        var c = ConformanceCase.Load(name, kernel, suite);
        var boot = BootPipelineConformanceTests.Boot(c);
        var masks = c.Expected.GetProperty("node_masks");
        Assert.Multiple(() =>
        {
            Assert.That(boot.Nodes.Select(n => n.Nid), Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("possible").GetString()!)));
            Assert.That(boot.Nodes.Where(n => n.Online).Select(n => n.Nid), Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("online").GetString()!)));
        });
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Node_distances_match_sysfs(ConformanceSuite suite, string kernel, string name)
    {
        var c = ConformanceCase.Load(name, kernel, suite);
        var boot = BootPipelineConformanceTests.Boot(c);
        var online = boot.Nodes.Where(n => n.Online).Select(n => n.Nid).ToList();
        foreach (var row in c.Expected.GetProperty("node_distance").EnumerateObject())
        {
            int from = int.Parse(row.Name["node".Length..]);
            string actual = string.Join(' ', online.Select(to => boot.Distances[from][to]));
            Assert.That(actual, Is.EqualTo(row.Value.GetString()), row.Name);
        }
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Node_cpulists_match_sysfs(ConformanceSuite suite, string kernel, string name)
    {
        // Under numa=fake= numa_add_cpu lists a CPU on every fake node of its physical node. Without an SRAT bootemu
        // knows of one CPU only (it reads no MADT), so the CPUs past those it knows are left out of the comparison.
        var c = ConformanceCase.Load(name, kernel, suite);
        var boot = BootPipelineConformanceTests.Boot(c);
        int knownCpus = boot.Nodes.Sum(n => n.Cpus.Count);
        foreach (var row in c.Expected.GetProperty("node_cpulist").EnumerateObject())
        {
            var node = boot.Nodes.Single(n => n.Nid == int.Parse(row.Name["node".Length..]));
            Assert.That(node.CpuListOrCpus, Is.EqualTo(ConformanceCase.NodeList(row.Value.GetString()!).Where(cpu => cpu < knownCpus)), row.Name);
        }
    }

    [Test]
    public void Movable_node_leaves_the_hotplug_mark_only_on_the_node_without_reservations()
    {
        var boot = BootPipelineConformanceTests.Boot("srat4_hp23_movable_node");
        var hotplugNodes = boot.Memory.Where(r => r.Flags.HasFlag(MemblockFlags.Hotplug)).Select(r => r.Nid).Distinct().Order();
        Assert.That(hotplugNodes, Is.EqualTo(new[] { 2, 3 }));
    }
}
