using Bootemu.Boot.Model;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Conformance;

/// <summary>
/// The node masks after boot against /sys/devices/system/node of the real boots of both kernels (expected.json
/// "node_masks"), numa=fake= boots included: there has_cpu holds the fake nodes that share the boot CPU's physical node.
/// </summary>
public class NodeMasksConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Node_masks_print_as_the_real_sysfs_files(ConformanceSuite suite, string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        var masks = NodeMasks.Of(BootPipelineConformanceTests.Boot(c));
        var real = c.Expected.GetProperty("node_masks");
        foreach (var (file, nodes) in masks.Files())
            Assert.That(NodeMasks.ListText(nodes), Is.EqualTo(real.GetProperty(file).GetString()), file);
    }

    [TestCase(new int[0], "")]
    [TestCase(new[] { 0 }, "0")]
    [TestCase(new[] { 0, 1 }, "0-1")]
    [TestCase(new[] { 0, 2 }, "0,2")]
    [TestCase(new[] { 3, 0, 1, 2, 5 }, "0-3,5")]
    public void A_node_list_prints_as_ranges_of_consecutive_ids(int[] nodes, string text) =>
        Assert.That(NodeMasks.ListText(nodes), Is.EqualTo(text));
}
