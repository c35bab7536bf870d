using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests.HotplugConformance;

/// <summary>
/// bootemu against real runtime memory hotplug (tests/conformance-hotplug: Linux 6.1 under QEMU, state writes to
/// memory blocks, DIMM hot-add and eject): one test per op of every case, op 0 being the state after boot. An op whose
/// difference has a known cause not yet emulated is listed with the cause in known-differences.txt: its test is
/// ignored with that reason, and a second test checks that it still differs, so the list only ever shrinks.
/// </summary>
[NonParallelizable]
public class HotplugConformanceTests
{
    public static IEnumerable<TestCaseData> Ops()
    {
        var known = KnownDifferences.Load();
        foreach (var name in RepoPaths.HotplugCases())
        {
            var c = HotplugConformanceCase.Load(name);
            var ops = c.Ops;
            for (int i = 0; i <= ops.Count; i++)
            {
                var data = new TestCaseData(name, i).SetName($"{name} op {i}: {(i == 0 ? "boot" : ops[i - 1])}");
                if (known.TryGetValue((name, i), out var reason)) data.Ignore(reason);
                yield return data;
            }
        }
    }

    public static IEnumerable<TestCaseData> Known() =>
        KnownDifferences.Load().Select(k => new TestCaseData(k.Key.Case, k.Key.Op).SetName($"{k.Key.Case} op {k.Key.Op} still differs"));

    [TestCaseSource(nameof(Ops))]
    public void Op_ends_as_on_the_real_kernel(string caseName, int op)
    {
        var differences = OpComparison.Differences(HotplugCaseRun.Of(caseName), op);
        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    [TestCaseSource(nameof(Known))]
    public void A_known_difference_is_still_a_difference(string caseName, int op)
    {
        var differences = OpComparison.Differences(HotplugCaseRun.Of(caseName), op);
        Assert.That(differences, Is.Not.Empty, $"{caseName} op {op} now matches the kernel: remove it from known-differences.txt");
    }

    [Test]
    public void Every_case_ran_every_op_on_the_real_kernel()
    {
        foreach (var name in RepoPaths.HotplugCases())
        {
            var c = HotplugConformanceCase.Load(name);
            Assert.That(c.Expected.GetProperty("completed").GetBoolean(), Is.True, name);
            Assert.That(c.OpResults, Has.Count.EqualTo(c.Ops.Count + 1), name);
        }
    }
}
