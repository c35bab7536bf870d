using Bootemu.Boot.Tests.Conformance;
using Bootemu.Core.Text;
using Bootemu.Hotplug.Diff;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Diff;

/// <summary>
/// The dmesg section of a diff of one real input booted by Linux 6.1 and by Linux 6.12: in the line families the
/// conformance tests judge, the lines it removes and adds must be exactly those a line diff of the two real kernels'
/// logs removes and adds.
/// </summary>
public class KernelDmesgDiffTests
{
    /// <summary>The inputs both kernels booted, without memblock=debug (whose trace the conformance tests cut short).</summary>
    public static IEnumerable<string> Cases() =>
        RepoPaths.CasesWithSratOf(RepoPaths.Linux61).Intersect(RepoPaths.CasesWithSratOf(RepoPaths.Linux612)).Where(c => !c.StartsWith("memblock_debug", StringComparison.Ordinal));

    private static bool Judged(string line) => DmesgFamilies.Groups.Where(g => g.Key != "memblock").Any(g => g.Value.IsMatch(line));

    /// <summary>"-line" and "+line" for each changed line of the judged families, in order.</summary>
    private static List<string> Changed(IEnumerable<LineEdit> edits) =>
        edits.Where(e => e.Kind != LineEditKind.Same && Judged(e.Text)).Select(e => (e.Kind == LineEditKind.Removed ? "-" : "+") + e.Text).ToList();

    [TestCaseSource(nameof(Cases))]
    public void Changed_dmesg_lines_are_the_lines_the_real_kernels_logs_change(string caseName)
    {
        var real = LineDiff.Edits(
            ConformanceCase.Load(caseName, RepoPaths.Linux61).KernelLines.Where(Judged).ToList(),
            ConformanceCase.Load(caseName, RepoPaths.Linux612).KernelLines.Where(Judged).ToList());

        var diff = BootDiffer.Compare(DiffSides.Of(caseName, RepoPaths.Linux61), DiffSides.Of(caseName, RepoPaths.Linux612));

        Assert.That(Changed(real), Is.Not.Empty, "the two kernels print the judged lines of this input alike: nothing to compare");
        Assert.That(Changed(diff.Dmesg.SelectMany(h => h.Lines)), Is.EqualTo(Changed(real)));
    }
}
