using System.Diagnostics;
using System.CommandLine;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>What a person typing at the shell expects: typos named with a suggestion, one-line errors, help texts that agree.</summary>
[NonParallelizable]
public class CliHabitsTests
{
    [Test]
    public void Mistyped_option_is_named_with_the_nearest_known_one()
    {
        var r = CliHarness.Run("boot", "--cmdlin", "movable_node");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr.TrimEnd(), Is.EqualTo("bootemu: boot: unknown option '--cmdlin'; did you mean '--cmdline'?"));
    }

    [Test]
    public void Mistyped_option_after_a_switch_is_still_found()
    {
        var r = CliHarness.Run("hotplug", "--keep-going", "--scrpit", "s.yaml");
        Assert.That(r.Stderr.TrimEnd(), Is.EqualTo("bootemu: hotplug: unknown option '--scrpit'; did you mean '--script'?"));
    }

    [Test]
    public void Mistyped_verb_is_named_with_the_nearest_known_one()
    {
        Assert.That(CliHarness.Run("bot").Stderr.TrimEnd(), Is.EqualTo("bootemu: unknown command 'bot'; did you mean 'boot'?"));
        Assert.That(CliHarness.Run("srat", "decod", "x.bin").Stderr.TrimEnd(), Is.EqualTo("bootemu: srat: unknown command 'decod'; did you mean 'decode'?"));
    }

    [Test]
    public void Unknown_option_far_from_every_known_one_gets_no_suggestion()
    {
        var r = CliHarness.Run("boot", "--zzzzzzzz");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr.TrimEnd(), Is.EqualTo("bootemu: boot: unknown option '--zzzzzzzz'"));
    }

    [Test]
    public void Option_value_starting_with_a_dash_is_a_value_not_an_option()
    {
        var r = CliHarness.Run("boot", "--cmdline", "-x movable_node", "--format", "dmesg");
        Assert.That(r.Stderr, Does.Not.Contain("unknown option"));
        Assert.That(r.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Value_outside_the_allowed_ones_is_a_one_line_error()
    {
        var r = CliHarness.Run("boot", "--format=jsn");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr.TrimEnd(), Is.EqualTo("bootemu: --format: Argument 'jsn' not recognized. Must be one of: 'text', 'dmesg', 'json', 'zoneinfo', 'numactl', 'svg', 'html'"));
    }

    [Test]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_edit()
    {
        Assert.That(MistypedTokens.EditDistance("--scrpit", "--script"), Is.EqualTo(1));
        Assert.That(MistypedTokens.EditDistance("--cmdlin", "--cmdline"), Is.EqualTo(1));
    }

    [Test]
    public void Options_shared_by_boot_and_hotplug_read_the_same_in_both_help_texts()
    {
        var root = BootemuRoot.Create();
        var boot = root.Subcommands.Single(c => c.Name == "boot");
        var hotplug = root.Subcommands.Single(c => c.Name == "hotplug");
        var shared = boot.Options.Select(o => o.Name).Intersect(hotplug.Options.Select(o => o.Name)).Where(n => n != "--format").ToList();
        Assert.That(shared, Has.Count.GreaterThanOrEqualTo(8), "the machine inputs both verbs take");
        foreach (var name in shared)
            Assert.That(hotplug.Options.Single(o => o.Name == name).Description, Is.EqualTo(boot.Options.Single(o => o.Name == name).Description), name);
        Assert.That(boot.Arguments.Single().Description, Is.EqualTo(hotplug.Arguments.Single().Description));
    }

    [Test]
    public void Every_format_option_is_described_the_same_way()
    {
        var formats = AllCommands(BootemuRoot.Create()).SelectMany(c => c.Options).Where(o => o.Name == "--format").ToList();
        Assert.That(formats, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(formats.Select(o => o.Description), Has.All.StartsWith("output form: "));
    }

    [Test]
    public void Suggest_directive_completes_an_option_for_shell_completion()
    {
        var r = CliHarness.Run("[suggest:9]", "boot --cm");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stdout.Split('\n', StringSplitOptions.TrimEntries), Does.Contain("--cmdline"));
    }

    private static IEnumerable<Command> AllCommands(Command c) => c.Subcommands.SelectMany(AllCommands).Prepend(c);
}
