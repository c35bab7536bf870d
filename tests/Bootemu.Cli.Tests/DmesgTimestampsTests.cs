using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `boot --format dmesg --timestamps`: every line starts with printk's stamp at time zero, byte for byte the kernel's
/// form, so that the output diffs against a raw kernel log once that log's stamps are set to zero too.
/// </summary>
[NonParallelizable]
public partial class DmesgTimestampsTests
{
    private const string Zero = "[    0.000000] ";

    [Test]
    public void Every_dmesg_line_gets_the_zero_stamp_and_is_otherwise_unchanged()
    {
        var c = ConformanceCase.Load("srat2_hp1_movable_node");
        var plain = Lines(CliHarness.Run(BootConformanceTests.Args(c, "dmesg")).Stdout);
        var r = CliHarness.Run([.. BootConformanceTests.Args(c, "dmesg"), "--timestamps"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(Lines(r.Stdout), Is.EqualTo(plain.Select(l => Zero + l)));
    }

    [TestCase("srat2_hp1_movable_node")]
    [TestCase("qemu_numa2_pcdimm")]
    public void Stamped_lines_are_found_in_order_in_the_real_log_with_its_stamps_set_to_zero(string caseName)
    {
        var c = ConformanceCase.Load(caseName);
        var real = RealLog(c).Select(l => Stamp().Replace(l, Zero)).ToList();
        int at = 0;
        foreach (var line in StampedLines(c))
        {
            int found = real.IndexOf(line, at);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"not in the normalised log after line {at}: \"{line}\"");
            at = found + 1;
        }
    }

    [Test]
    public void The_early_memory_lines_are_the_real_logs_lines_without_normalising_them()
    {
        // Everything before the VFS hash tables vfs_caches_init makes (with hash distribution on, or the mount tables)
        // and the memory block size line is printed before the kernel's clock starts, at 0.000000.
        var c = ConformanceCase.Load("srat2_hp1_movable_node");
        var stamped = StampedLines(c);
        Assert.That(stamped[^1], Does.StartWith(Zero + "x86/mm: Memory block size: "));
        static bool MadeOnceTheClockRuns(string line) => line.Contains(" hash table entries: ", StringComparison.Ordinal)
            && (line.Contains("Mount", StringComparison.Ordinal) || !line.EndsWith(", linear)", StringComparison.Ordinal));
        var early = stamped.TakeWhile(l => !MadeOnceTheClockRuns(l)).ToList();
        Assert.That(early, Has.Count.LessThan(stamped.Count - 1), "the late lines are recognised");
        var real = RealLog(c).ToList();
        Assert.That(early.Where(l => !real.Contains(l)), Is.Empty);
    }

    [Test]
    public void Timestamps_with_another_format_is_bad_input()
    {
        var r = CliHarness.Run("boot", "--format", "text", "--timestamps");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo("bootemu: --timestamps: only with --format dmesg\n"));
    }

    /// <summary>bootemu's stamped dmesg lines, without the memblock=debug lines bootemu prints with other addresses (see BootConformanceTests).</summary>
    private static List<string> StampedLines(ConformanceCase c)
    {
        var r = CliHarness.Run([.. BootConformanceTests.Args(c, "dmesg"), "--timestamps"]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        return Lines(r.Stdout).Where(l => !l.StartsWith(Zero + "memblock_", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The serial console's lines (line ends without the carriage return), up to the dumped sections.</summary>
    private static IEnumerable<string> RealLog(ConformanceCase c) =>
        File.ReadLines(c.ConsolePath).TakeWhile(l => !l.StartsWith("=====BEGIN", StringComparison.Ordinal));

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>A printk stamp at the start of a line, as README's sed normalises it: `s/^\[ *[0-9]+\.[0-9]+\] /[    0.000000] /`.</summary>
    [GeneratedRegex(@"^\[ *[0-9]+\.[0-9]+\] ")]
    private static partial Regex Stamp();
}
