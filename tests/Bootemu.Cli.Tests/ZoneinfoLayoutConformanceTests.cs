using NUnit.Framework;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `bootemu boot --format zoneinfo` against the /proc/zoneinfo the real kernels printed after the conformance boots (the
/// console's zoneinfo dump), both read by the same strict parser (<see cref="ZoneinfoGrammar"/>): the same zones with the
/// same keys in the same order, and the emulated values equal to the kernel's.
/// </summary>
public class ZoneinfoLayoutConformanceTests
{
    private static (List<ZoneinfoBlock> Real, List<ZoneinfoBlock> Emulated, ConformanceCase Case) Both(ConformanceSuite suite, string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        var r = CliHarness.Run(BootConformanceTests.Args(c, "zoneinfo"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        return (ZoneinfoGrammar.Parse(string.Join("\n", c.Section("zoneinfo"))), ZoneinfoGrammar.Parse(r.Stdout), c);
    }

    /// <summary>
    /// Without an SRAT bootemu knows of no CPU (the MADT is not an input) and assumes one, so a machine's per-CPU pagesets
    /// are only comparable when it has one.
    /// </summary>
    private static bool CpusKnown(ConformanceCase c) => c.SratPath is not null;

    private static IEnumerable<string> Keys(ZoneinfoBlock block, bool cpusKnown) =>
        block.Entries.Select(e => e.Key).Where(k => cpusKnown || !k.StartsWith("cpu", StringComparison.Ordinal) && !k.StartsWith("vm stats", StringComparison.Ordinal));

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Every_zone_has_the_real_files_keys_in_the_same_order(ConformanceSuite suite, string kernel, string caseName)
    {
        var (real, emulated, c) = Both(suite, kernel, caseName);
        Assert.That(emulated.Select(b => $"{b.Node} {b.Zone}"), Is.EqualTo(real.Select(b => $"{b.Node} {b.Zone}")));
        foreach (var (want, got) in real.Zip(emulated))
            Assert.That(Keys(got, CpusKnown(c)), Is.EqualTo(Keys(want, CpusKnown(c))), $"node {want.Node} zone {want.Zone}");
    }

    /// <summary>
    /// The keys whose values bootemu emulates (managed, within its known slack, is judged by ZoneinfoCountsConformanceTests).
    /// The pagesets' count is runtime state, and so is their high on 6.12 (KernelModel.PagesetHighTunedAtRuntime).</summary>
    private static bool Emulated(string key, ConformanceCase c) =>
        key is "spanned" or "present" or "start_pfn" or "protection" or "min" or "low" or "high" or "promo"
        || CpusKnown(c) && key.StartsWith("cpu ", StringComparison.Ordinal) && !key.EndsWith(" count", StringComparison.Ordinal)
            && !(Boot.Kernel.KernelModel.ForVersion(c.Kernel)!.PagesetHighTunedAtRuntime && key.EndsWith(" high", StringComparison.Ordinal));

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void The_emulated_values_equal_the_real_kernels(ConformanceSuite suite, string kernel, string caseName)
    {
        var (real, emulated, c) = Both(suite, kernel, caseName);
        bool oneMemoryNode = real.Select(b => b.Node).Distinct().Count(n => real.Any(b => b.Node == n && b.Value("present") is { } p && p != "0")) == 1;
        // Where ZoneinfoCountsConformanceTests does not judge the watermarks either: numa=fake boots, whose managed pages
        // are a few pages off (min moves by up to 3), and memory onlined during boot, which sets the watermarks again at
        // initcall time from managed counts bootemu keeps only as they are once boot is over.
        bool marksJudged = suite == ConformanceSuite.Boots && !(c.PcDimms().Count > 0 && kernel == RepoPaths.Linux612);
        var differences = new List<string>();
        foreach (var (want, got) in real.Zip(emulated))
            foreach (var (key, value) in want.Entries.Where(e => Emulated(e.Key, c)))
            {
                // With one memory node the early hash tables, which bootemu does not allocate, lower managed and so
                // the watermarks, protection and pagesets (ZoneinfoCountsConformanceTests ignores them there too).
                bool fromManaged = key is not ("spanned" or "present" or "start_pfn");
                if ((oneMemoryNode || !marksJudged) && fromManaged && !key.EndsWith(" batch", StringComparison.Ordinal)) continue;
                if (got.Value(key) != value) differences.Add($"node {want.Node} {want.Zone} {key}: kernel {value}, bootemu {got.Value(key)}");
            }
        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    [Test]
    public void The_parser_refuses_a_line_that_is_not_zoneinfo()
    {
        Assert.Throws<FormatException>(() => ZoneinfoGrammar.Parse("Node 0, zone      DMA\n  pages free     1\n        spanned: 3\n"));
    }
}
