using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests;

/// <summary>
/// README's five-minute walk-through and the example hotplug scripts, run as a user runs them: each command line
/// through bash, from a folder that has the repository's firmware-tables/, with `bootemu` being the built CLI.
/// A command expected to fail says so in its comment ("(exit 1)"); every other one must exit 0 and print something.
/// </summary>
public partial class ReadmeWalkthroughTests
{
    private const string Begin = "<!-- walkthrough:begin -->";
    private const string End = "<!-- walkthrough:end -->";

    [GeneratedRegex(@"\(exit (?<code>\d)\)")]
    private static partial Regex ExpectedExit();

    [GeneratedRegex(@"^#\s+(?<command>bootemu hotplug .*--script .*)$", RegexOptions.Multiline)]
    private static partial Regex ScriptHeaderCommand();

    /// <summary>The command lines of the walk-through's shell blocks, in order (later ones may read files earlier ones wrote).</summary>
    public static IEnumerable<TestCaseData> WalkthroughCommands()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int begin = readme.IndexOf(Begin, StringComparison.Ordinal), end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin) throw new InvalidOperationException($"README.md has no {Begin} ... {End} section");
        bool inShell = false;
        int step = 0;
        foreach (string line in readme[begin..end].Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inShell = line == "```sh"; continue; }
            if (!inShell || line.Length == 0 || line.StartsWith('#')) continue;
            step++;
            yield return new TestCaseData(step, line).SetName($"Walkthrough command {step:D2} runs as written: {Shorten(line)}");
        }
    }

    /// <summary>Every script in firmware-tables/scripts with the command its header comment gives for running it.</summary>
    public static IEnumerable<TestCaseData> ExampleScripts()
    {
        foreach (string script in Directory.GetFiles(Path.Combine(RepoPaths.FirmwareTables, "scripts"), "*.yaml").Order())
        {
            string name = Path.GetFileName(script);
            Match m = ScriptHeaderCommand().Match(File.ReadAllText(script));
            yield return new TestCaseData(name, m.Success ? m.Groups["command"].Value : null)
                .SetName($"Example script {name} succeeds on the fixture its header names");
        }
    }

    [Test]
    public void The_walkthrough_has_commands() => Assert.That(WalkthroughCommands().Count(), Is.GreaterThanOrEqualTo(5));

    [TestCaseSource(nameof(WalkthroughCommands))]
    public void Walkthrough_command(int step, string commandLine)
    {
        // Commands run in order in one folder, so a file step 9 writes is there for step 10.
        string dir = WalkthroughFolder.Value;
        int expected = ExpectedExit().Match(commandLine) is { Success: true } m ? int.Parse(m.Groups["code"].Value) : 0;
        var (code, stdout, stderr) = Bash(commandLine, dir);
        Assert.That(code, Is.EqualTo(expected), $"step {step}: {commandLine}\n{stderr}");
        bool writesFile = Regex.IsMatch(commandLine.Split('#')[0], @">\s*\S+\s*$");
        if (!writesFile) Assert.That(stdout, Is.Not.Empty, $"step {step} printed nothing: {commandLine}");
    }

    [TestCaseSource(nameof(ExampleScripts))]
    public void Example_script(string name, string? command)
    {
        Assert.That(command, Is.Not.Null, $"{name} has no '#   bootemu hotplug ... --script ...' line saying how to run it");
        var (code, stdout, stderr) = Bash(command!, WalkthroughFolder.Value);
        Assert.That(code, Is.EqualTo(0), $"{command}\n{stdout}\n{stderr}");
        Assert.That(stdout, Does.Not.Contain(": E").And.Not.Contain("skipped"), stdout);
    }

    private static readonly Lazy<string> WalkthroughFolder = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "bootemu-walkthrough-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        Directory.CreateSymbolicLink(Path.Combine(dir, "firmware-tables"), RepoPaths.FirmwareTables);
        return dir;
    });

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        if (WalkthroughFolder.IsValueCreated) Directory.Delete(WalkthroughFolder.Value, recursive: true);
    }

    private static (int Code, string Stdout, string Stderr) Bash(string commandLine, string dir)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -o pipefail; bootemu() { \"$BOOTEMU_DOTNET\" \"$BOOTEMU_DLL\" \"$@\"; }\n" + commandLine);
        start.Environment["BOOTEMU_DOTNET"] = dotnet;
        start.Environment["BOOTEMU_DLL"] = Path.Combine(AppContext.BaseDirectory, "bootemu.dll");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
