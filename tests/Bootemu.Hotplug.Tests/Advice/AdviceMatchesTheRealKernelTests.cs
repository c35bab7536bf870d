using Bootemu.Hotplug.Advice;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Advice;

/// <summary>
/// Where a real boot shows the answer, advise must agree with it. The two-node QEMU machine whose node 1 ([4G, 6G)) the
/// SRAT marks hot-pluggable booted without movable_node (srat2_hp1_no_movable_node): advise must find movable_node, and
/// the real boots of the same machine with movable_node (srat2_hp1_movable_node on both kernels, and the runtime
/// hotplug run hp1mn_offline_node1_all) show node 1 all Movable and every one of its blocks offlined.
/// </summary>
public class AdviceMatchesTheRealKernelTests
{
    private const string Booted = "srat2_hp1_no_movable_node";
    private const string WithMovableNode = "srat2_hp1_movable_node";

    private static AdviceAnswer MovableNodeAnswer(string kernel)
    {
        var advice = Advised.Conformance(Booted, kernel, ConformanceCase.Load(Booted, kernel).Cmdline, 1);
        Assert.That(advice.AsBooted.Single().Removable, Is.False, "node 1 is Normal as booted");
        var answer = advice.Answers.FirstOrDefault(a => a.Candidate is { SratHotplugFlag: false, Options: [{ Word: "movable_node" }] });
        Assert.That(answer, Is.Not.Null, "movable_node is among the answers: " + string.Join("; ", advice.Answers.Select(a => a.CommandLine)));
        return answer!;
    }

    [TestCase(RepoPaths.Linux61)]
    [TestCase(RepoPaths.Linux612)]
    public void Movable_node_is_an_answer_and_the_real_boot_with_it_has_node_1_all_movable(string kernel)
    {
        var answer = MovableNodeAnswer(kernel);
        var real = ConformanceCase.Load(WithMovableNode, kernel);
        Assert.That(real.Cmdline, Is.EqualTo("movable_node"), "the real boot is the answer's command line");

        var node1 = real.Expected.GetProperty("zoneinfo").EnumerateArray().Where(z => z.GetProperty("node").GetInt32() == 1)
            .ToDictionary(z => z.GetProperty("zone").GetString()!, z => z.GetProperty("present").GetUInt64());
        Assert.That(node1["DMA"] + node1["DMA32"] + node1["Normal"], Is.Zero, "the real kernel gave node 1 no kernel zone");
        var predicted = answer.Cost.Nodes.Single(n => n.Nid == 1);
        Assert.That(predicted.LosesAllKernelMemory, Is.True);
        Assert.That(predicted.Zones.Single(z => z.Zone == ZoneType.Movable).PagesAfter, Is.EqualTo(node1["Movable"]),
            "advise's Movable zone of node 1 is the real kernel's");
        Assert.That(predicted.Zones.Single(z => z.Zone == ZoneType.Normal).PagesAfter, Is.Zero);
    }

    [Test]
    public void The_real_kernel_booted_with_the_answer_offlines_every_block_of_node_1()
    {
        MovableNodeAnswer(RepoPaths.Linux61);
        var run = HotplugConformanceCase.Load("hp1mn_offline_node1_all");
        Assert.That(run.ProcCmdline, Does.EndWith(" movable_node"));
        var boot = run.OpResults[0].GetProperty("memory_blocks").EnumerateArray()
            .Where(b => b.GetProperty("node").GetInt32() == 1).Select(b => b.GetProperty("id").GetInt64()).ToList();
        var offlines = run.OpResults.Skip(1).Where(op => op.GetProperty("verb").GetString() == "offline").ToList();
        Assert.That(offlines.Select(op => op.GetProperty("block").GetInt64()), Is.EquivalentTo(boot), "every block of node 1 was written offline");
        Assert.That(offlines.Select(op => op.GetProperty("errno").ValueKind), Has.All.EqualTo(System.Text.Json.JsonValueKind.Null),
            "and the kernel accepted each write");
        var afterLast = offlines[^1].GetProperty("memory_blocks").EnumerateArray().Where(b => b.GetProperty("node").GetInt32() == 1);
        Assert.That(afterLast.Select(b => b.GetProperty("state").GetString()), Has.All.EqualTo("offline"));
    }

    [Test]
    public void Without_movable_node_the_real_kernel_keeps_node_1_in_normal_as_advise_found_it()
    {
        var real = ConformanceCase.Load(Booted).Expected.GetProperty("zoneinfo").EnumerateArray()
            .Single(z => z.GetProperty("node").GetInt32() == 1 && z.GetProperty("zone").GetString() == "Normal");
        var predicted = MovableNodeAnswer(RepoPaths.Linux61).Cost.Nodes.Single(n => n.Nid == 1).Zones.Single(z => z.Zone == ZoneType.Normal);
        Assert.That(predicted.PagesBefore, Is.EqualTo(real.GetProperty("present").GetUInt64()));
    }
}
