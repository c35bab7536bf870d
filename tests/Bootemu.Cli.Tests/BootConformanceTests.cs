using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `bootemu boot --kernel K --srat srat.bin --e820 console.log --cmdline "&lt;the boot's command line&gt;"` run
/// in-process for every real boot in tests/conformance (Linux 6.1), tests/conformance-6.12 and tests/conformance-fake,
/// each with its kernel. The dmesg output must be made of
/// the kernel's own lines, byte for byte and in the kernel's order (every line bootemu prints is
/// found in the real log, after the previous one), and the zoneinfo start_pfn/spanned/present must
/// equal the booted kernel's /proc/zoneinfo. (The per-family line-by-line comparison, which also
/// catches missing lines, is tests/Bootemu.Boot.Tests/Conformance.)
/// </summary>
[NonParallelizable]
public class BootConformanceTests
{
    internal static string[] Args(ConformanceCase c, string format)
    {
        var args = new List<string> { "boot", "--kernel", c.Kernel, "--e820", c.ConsolePath, "--cmdline", c.ProcCmdline, "--format", format };
        if (c.SratPath is { } srat) args.AddRange(new[] { "--srat", srat });
        foreach (var (b, size, node) in c.PcDimms())
            args.AddRange(new[] { "--memory-device", $"base=0x{b:x},size=0x{size:x}" + (node is null ? "" : $",node={node}") });
        return args.ToArray();
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Dmesg_prints_only_the_kernels_lines_in_the_kernels_order(ConformanceSuite suite, string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        var r = CliHarness.Run(Args(c, "dmesg"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);

        // memblock=debug lines of calls the kernel makes in between others bootemu does not emulate
        // (MP table, HPET, firmware map, ...) carry other addresses; the Boot tests pin those that matter.
        var printed = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("memblock_", StringComparison.Ordinal)).ToList();
        var real = c.KernelLines.ToList();
        int at = 0;
        foreach (var line in printed)
        {
            int found = real.IndexOf(line, at);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"not in the real boot's log after line {at}: \"{line}\"");
            at = found + 1;
        }
        Assert.That(printed, Has.Count.GreaterThan(30));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Zoneinfo_spanned_and_present_equal_the_real_kernels(ConformanceSuite suite, string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        var r = CliHarness.Run(Args(c, "zoneinfo"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);

        var want = c.Expected.GetProperty("zoneinfo").EnumerateArray()
            .Select(z => $"{z.GetProperty("node").GetInt32()} {z.GetProperty("zone").GetString()} {z.GetProperty("spanned").GetUInt64()} {z.GetProperty("present").GetUInt64()}"
                + (z.TryGetProperty("start_pfn", out var start) ? $" start_pfn {start.GetUInt64()}" : ""))
            .ToList();
        Assert.That(ParseZoneinfo(r.Stdout), Is.EqualTo(want));
    }

    /// <summary>"node zone spanned present[ start_pfn N]" per block of /proc/zoneinfo-style text.</summary>
    internal static List<string> ParseZoneinfo(string text)
    {
        var result = new List<string>();
        string? header = null;
        ulong spanned = 0;
        foreach (var line in text.Split('\n'))
        {
            var h = Regex.Match(line, @"^Node (\d+), zone +(\w+)$");
            if (h.Success) { header = $"{h.Groups[1].Value} {h.Groups[2].Value}"; continue; }
            var s = Regex.Match(line, @"^\s+spanned\s+(\d+)$");
            if (s.Success) { spanned = ulong.Parse(s.Groups[1].Value); continue; }
            var p = Regex.Match(line, @"^\s+present\s+(\d+)$");
            if (p.Success && header is not null) { result.Add($"{header} {spanned} {p.Groups[1].Value}"); continue; }
            var start = Regex.Match(line, @"^\s+start_pfn:\s+(\d+)$");
            if (start.Success && result.Count > 0) result[^1] += $" start_pfn {start.Groups[1].Value}";
        }
        return result;
    }
}
