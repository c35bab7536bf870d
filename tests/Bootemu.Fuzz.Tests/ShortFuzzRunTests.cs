using NUnit.Framework;
using System.Diagnostics;
using Bootemu.Fuzz.Targets;
using Bootemu.Tests.Shared;

namespace Bootemu.Fuzz.Tests;

/// <summary>
/// A short, seeded run of every fuzz target: its seeds (tests/fuzz-seeds/TARGET, the crashes and hangs found before
/// included, as regression inputs), then a fixed number of mutated inputs from a fixed random seed, so a failure
/// here reproduces with the same command. Any crash (an exception other than InputException) or hang fails the test,
/// and the message holds the findings with their stacks and saved inputs.
/// </summary>
[TestFixture, NonParallelizable]
public class ShortFuzzRunTests
{
    /// <summary>Runs per target: about 10 to 20 seconds each of a Debug build on the 2-core CI machine.</summary>
    private static readonly Dictionary<string, long> Execs = new()
    {
        ["srat"] = 40_000, ["slit"] = 60_000, ["acpidump"] = 60_000, ["srat-yaml"] = 30_000, ["slit-yaml"] = 30_000,
        ["fixture"] = 20_000, ["e820"] = 40_000, ["cmdline"] = 40_000, ["memblock"] = 20_000, ["hotplug"] = 10_000,
        ["boot"] = 10_000,
    };

    private static IEnumerable<string> Targets => FuzzTargets.Names;

    [Test]
    public void Every_target_has_a_short_run_budget_and_seeds()
    {
        Assert.Multiple(() =>
        {
            foreach (var target in FuzzTargets.Names)
            {
                Assert.That(Execs, Does.ContainKey(target));
                Assert.That(Directory.EnumerateFiles(SeedFolder(target)), Is.Not.Empty, target);
            }
        });
    }

    [TestCaseSource(nameof(Targets))]
    public void A_short_seeded_run_finds_no_crash_and_no_hang(string target)
    {
        string output = Path.Combine(Path.GetTempPath(), $"bootemu-fuzz-test-{target}-{Environment.ProcessId}");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var (exitCode, stdout) = RunFuzzer("run", target, "--execs", Execs[target].ToString(), "--seed", "1",
            "--timeout", "10", "--seeds", SeedFolder(target), "--out", output);
        string findings = Path.Combine(output, "findings.md");
        TestContext.Out.WriteLine(stdout);
        // The folder is kept when something was found: it holds the inputs the message names.
        if (exitCode == 0) Directory.Delete(output, recursive: true);
        Assert.That(exitCode, Is.EqualTo(0),
            $"bootemu-fuzz run {target} exited {exitCode}\n{(File.Exists(findings) ? File.ReadAllText(findings) : stdout)}");
    }

    private static string SeedFolder(string target) => Path.Combine(RepoPaths.Root, "tests", "fuzz-seeds", target);

    private static (int ExitCode, string Stdout) RunFuzzer(params string[] args)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bootemu-fuzz.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
