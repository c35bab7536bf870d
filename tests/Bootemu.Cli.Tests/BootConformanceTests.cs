using System.Text.Json;
using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `bootemu boot --srat srat.bin --e820 console.log --cmdline "&lt;the boot's command line&gt;"` run
/// in-process for every real Linux 6.1 boot in tests/conformance. The dmesg output must be made of
/// the kernel's own lines, byte for byte and in the kernel's order (every line bootemu prints is
/// found in the real log, after the previous one), and the zoneinfo spanned/present counts must
/// equal the booted kernel's /proc/zoneinfo. (The per-family line-by-line comparison, which also
/// catches missing lines, is tests/Bootemu.Boot.Tests/Conformance.)
/// </summary>
[NonParallelizable]
public partial class BootConformanceTests
{
    public static IEnumerable<string> Cases() => RepoPaths.ConformanceCases();

    [GeneratedRegex(@"^.*?\[\s*\d+\.\d+\] ")]
    private static partial Regex Timestamp();

    private static string[] Args(string caseName, string format)
    {
        string dir = RepoPaths.ConformanceCase(caseName);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        string cmdline = expected.RootElement.GetProperty("proc_cmdline").GetString()!;
        var args = new List<string> { "boot", "--e820", Path.Combine(dir, "console.log"), "--cmdline", cmdline, "--format", format };
        if (File.Exists(Path.Combine(dir, "srat.bin"))) args.AddRange(new[] { "--srat", Path.Combine(dir, "srat.bin") });
        return args.ToArray();
    }

    /// <summary>The first boot's lines of console.log without timestamps (the log ends with a dmesg dump repeating them).</summary>
    private static List<string> RealLines(string caseName)
    {
        var lines = new List<string>();
        foreach (var raw in File.ReadLines(Path.Combine(RepoPaths.ConformanceCase(caseName), "console.log")))
        {
            var m = Timestamp().Match(raw);
            if (!m.Success) continue;
            string text = raw[m.Length..];
            if (text.StartsWith("Linux version ", StringComparison.Ordinal) && lines.Count > 0) break;
            lines.Add(text);
        }
        return lines;
    }

    [TestCaseSource(nameof(Cases))]
    public void Dmesg_prints_only_the_kernels_lines_in_the_kernels_order(string caseName)
    {
        var r = CliHarness.Run(Args(caseName, "dmesg"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);

        // memblock=debug lines of calls the kernel makes in between others bootemu does not emulate
        // (MP table, HPET, firmware map, ...) carry other addresses; the Boot tests pin those that matter.
        var printed = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("memblock_", StringComparison.Ordinal)).ToList();
        var real = RealLines(caseName);
        int at = 0;
        foreach (var line in printed)
        {
            int found = real.IndexOf(line, at);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"not in the real boot's log after line {at}: \"{line}\"");
            at = found + 1;
        }
        Assert.That(printed, Has.Count.GreaterThan(30));
    }

    [TestCaseSource(nameof(Cases))]
    public void Zoneinfo_spanned_and_present_equal_the_real_kernels(string caseName)
    {
        var r = CliHarness.Run(Args(caseName, "zoneinfo"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ConformanceCase(caseName), "expected.json")));
        var want = expected.RootElement.GetProperty("zoneinfo").EnumerateArray()
            .Select(z => $"{z.GetProperty("node").GetInt32()} {z.GetProperty("zone").GetString()} {z.GetProperty("spanned").GetUInt64()} {z.GetProperty("present").GetUInt64()}")
            .ToList();
        Assert.That(ParseZoneinfo(r.Stdout), Is.EqualTo(want));
    }

    /// <summary>"node zone spanned present" per block of /proc/zoneinfo-style text.</summary>
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
            if (p.Success && header is not null) result.Add($"{header} {spanned} {p.Groups[1].Value}");
        }
        return result;
    }
}
