using Bootemu.Boot.Tests.Conformance;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// x86_numa_init's decisions on the 18 real Linux 6.1 boots, through the whole BootPipeline, against what sysfs
/// showed after those boots: node masks and distances. (Its lines, NODE_DATA and the memblock dumps included, are
/// compared line for line by <see cref="BootPipelineConformanceTests"/>.)
/// </summary>
[TestFixture]
public sealed class NumaConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Possible_and_online_nodes_match_sysfs(string name)
    {
        var boot = BootPipelineConformanceTests.Boot(name);
        var masks = ConformanceCase.Load(name).Expected.GetProperty("node_masks");
        Assert.Multiple(() =>
        {
            Assert.That(boot.Nodes.Select(n => n.Nid), Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("possible").GetString()!)));
            Assert.That(boot.Nodes.Where(n => n.Online).Select(n => n.Nid), Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("online").GetString()!)));
        });
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Node_distances_match_sysfs(string name)
    {
        var boot = BootPipelineConformanceTests.Boot(name);
        var online = boot.Nodes.Where(n => n.Online).Select(n => n.Nid).ToList();
        foreach (var row in ConformanceCase.Load(name).Expected.GetProperty("node_distance").EnumerateObject())
        {
            int from = int.Parse(row.Name["node".Length..]);
            string actual = string.Join(' ', online.Select(to => boot.Distances[from][to]));
            Assert.That(actual, Is.EqualTo(row.Value.GetString()), row.Name);
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
