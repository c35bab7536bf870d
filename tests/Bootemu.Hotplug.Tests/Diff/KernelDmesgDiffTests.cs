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

    private static List<string> AsPrinted(string caseName, string kernel, IReadOnlyList<string> bootemuDmesg)
    {
        var printed = bootemuDmesg.ToHashSet();
        return ConformanceCase.Load(caseName, kernel).KernelLines.Where(l => Judged(l) || printed.Contains(l)).ToList();
    }

    [TestCaseSource(nameof(Cases))]
    public void Changed_dmesg_lines_are_the_lines_the_real_kernels_logs_change(string caseName)
    {
        var (a, b) = (DiffSides.Of(caseName, RepoPaths.Linux61), DiffSides.Of(caseName, RepoPaths.Linux612));
        // Each real log as bootemu's dmesg would hold it: the judged lines and the other lines bootemu prints (the early
        // hash tables, which 6.1 prints after the zonelists and 6.12 before them), so both diffs align the same lines.
        var real = LineDiff.Edits(AsPrinted(caseName, RepoPaths.Linux61, a.Dmesg), AsPrinted(caseName, RepoPaths.Linux612, b.Dmesg));

        var diff = BootDiffer.Compare(a, b);

        Assert.That(Changed(real), Is.Not.Empty, "the two kernels print the judged lines of this input alike: nothing to compare");
        Assert.That(Changed(diff.Dmesg.SelectMany(h => h.Lines)), Is.EqualTo(Changed(real)));
    }
}
