using Bootemu.Memblock.Scenarios;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests.Scenarios;

/// <summary>
/// Runs every scenario under tests/memblock-scenarios. Each file's expectations were worked out by
/// hand from the kernel function its header comment names, so a failure here is a fidelity bug.
/// </summary>
public class ScenarioFileTests
{
    private static IEnumerable<TestCaseData> Files() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "memblock-scenarios"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName("Scenario_" + Path.GetFileNameWithoutExtension(f).Replace('-', '_')));

    [TestCaseSource(nameof(Files))]
    public void Scenario_expectations_hold(string path)
    {
        var scenario = MemblockScenarioReader.ReadFile(path);
        Assert.That(scenario.Expect, Is.Not.Null, "every scenario file states what the kernel would do");
        var result = MemblockScenarioRunner.Run(scenario);
        Assert.That(result.Differences.Select(d => $"{d.Location}: {d.What}: expected {d.Expected}, actual {d.Actual}"), Is.Empty);
    }

    [Test]
    public void There_is_a_scenario_for_every_op()
    {
        var ops = Files().Select(t => (string)t.Arguments[0]!)
            .SelectMany(f => MemblockScenarioReader.ReadFile(f).Ops)
            .Select(o => o is AllocOp a ? (a.ExactNid ? "alloc_exact" : a.Raw ? "alloc_raw" : "alloc") : o.Name)
            .ToHashSet();
        Assert.That(ops, Is.SupersetOf(new[]
        {
            "add", "reserve", "remove", "free", "mark_hotplug", "clear_hotplug", "mark_mirror", "mark_nomap", "clear_nomap",
            "set_node", "set_bottom_up", "set_current_limit", "trim_memory", "enforce_memory_limit", "alloc", "alloc_exact",
        }));
    }
}
