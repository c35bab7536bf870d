using System.CommandLine;
using System.Diagnostics;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>bootemu(1): generated from the command tree, shipped as docs/bootemu.1, and readable by groff.</summary>
[NonParallelizable]
public class ManPageTests
{
    private static string Page => CliHarness.Run("man").Stdout;

    [Test]
    public void Page_names_every_verb_and_option_of_the_command_tree()
    {
        string page = Page;
        foreach (var (path, command) in Verbs(BootemuRoot.Create(), "bootemu"))
        {
            Assert.That(page, Does.Contain(".SS \"" + ManPage.Escape(path)), path);
            foreach (var option in command.Options.Where(o => !o.Hidden))
                Assert.That(page, Does.Contain("\\fB" + ManPage.Escape(option.Name) + "\\fR"), $"{path} {option.Name}");
        }
    }

    [Test]
    public void Shipped_page_is_the_one_the_command_tree_gives()
    {
        string shipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "bootemu.1"));
        Assert.That(shipped, Is.EqualTo(Page), "regenerate with: bootemu man > docs/bootemu.1");
    }

    [Test]
    public void Roff_escapes_hyphens_backslashes_and_leading_dots()
    {
        Assert.That(ManPage.Escape("--x a\\b"), Is.EqualTo("\\-\\-x a\\eb"));
        Assert.That(ManPage.Escape(".dsl listing"), Is.EqualTo("\\&.dsl listing"));
    }

    [Test]
    public void Groff_renders_the_page_without_a_warning()
    {
        if (!File.Exists("/usr/bin/groff")) Assert.Ignore("groff is not installed (.ci/run installs groff-base)");
        string file = Path.Combine(Path.GetTempPath(), $"bootemu-{Guid.NewGuid():N}.1");
        File.WriteAllText(file, Page);
        try
        {
            var groff = Process.Start(new ProcessStartInfo("/usr/bin/groff", ["-man", "-Tascii", "-P-cbu", "-ww", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string text = groff.StandardOutput.ReadToEnd();
            string warnings = groff.StandardError.ReadToEnd();
            groff.WaitForExit();
            Assert.That(groff.ExitCode, Is.EqualTo(0));
            Assert.That(warnings, Is.Empty);
            Assert.That(text, Does.Contain("bootemu hotplug [FIXTURE] [options]"));
            Assert.That(text, Does.Contain("--memory-device"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<(string Path, Command Command)> Verbs(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            string p = path + " " + sub.Name;
            if (sub.Action is not null) yield return (p, sub);
            foreach (var v in Verbs(sub, p)) yield return v;
        }
    }
}
