using System.Text.Json;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu diff` end to end: the common comparisons as one short command, its exit codes and its JSON.</summary>
[NonParallelizable]
public class DiffCommandTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.FirmwareTables, name + ".yaml");

    private static string[] Real(string caseName)
    {
        var c = ConformanceCase.Load(caseName);
        return ["--srat", c.SratPath!, "--e820", c.ConsolePath];
    }

    private static CliHarness.Result Diff(params string[] args) => CliHarness.Run(["diff", .. args]);

    [Test]
    public void Identical_boots_exit_0_and_print_no_differences()
    {
        var r = Diff(Fixture("two-socket-hotplug"));
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(r.Stdout, Does.EndWith("\nno differences\n"));
    }

    [Test]
    public void Two_command_lines_of_one_machine_that_boot_differently_exit_1()
    {
        var r = Diff([.. Real("srat2_hp1_no_movable_node"), "--a-cmdline", "", "--b-cmdline", "movable_node"]);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\nMovable zone start\n  node 1: none -> pfn 0x100000\n"));
    }

    [Test]
    public void An_empty_side_command_line_boots_with_no_options_rather_than_the_machines_own()
    {
        var r = Diff([.. Real("srat2_hp1_movable_node"), "--a-cmdline", ""]);
        Assert.That(r.Stdout, Does.StartWith("A: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)), command line (empty)\n"));
    }

    [Test]
    public void A_side_option_wins_over_the_option_for_both()
    {
        var r = Diff(Fixture("two-socket-hotplug"), "--cmdline", "movable_node", "--b-cmdline", "quiet");
        Assert.That(r.Stdout, Does.Contain("A: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)), command line 'movable_node'\n" +
                                           "B: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)), command line 'quiet'\n"));
    }

    [Test]
    public void Two_kernels_boot_the_same_inputs()
    {
        var r = Diff([.. Real("srat2_hp1_movable_node"), "--a-kernel", "6.1", "--b-kernel", "6.12"]);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("A: Linux 6.1 (").And.Contain("\nB: Linux 6.12 ("));
        Assert.That(r.Stdout, Does.Contain("\n-NODE_DATA(1) allocated [mem 0x7fe8e000-0x7feb8fff]\n"));
    }

    [Test]
    public void Two_fixtures_are_booted_one_each()
    {
        var r = Diff(Fixture("desktop-1node"), Fixture("two-socket-hotplug"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\n  node 1: only in B (online yes,"));
    }

    [Test]
    public void Machine_files_of_B_replace_the_fixture_both_would_boot()
    {
        var c = ConformanceCase.Load("srat2_hp1_movable_node");
        var r = Diff(Fixture("two-socket-hotplug"), "--b-srat", c.SratPath!, "--b-e820", c.ConsolePath);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\nB: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)), command line 'console=ttyS0,115200"));
    }

    [Test]
    public void A_sides_memory_devices_are_added_to_those_for_both()
    {
        var r = Diff(Fixture("two-socket-hotplug"), "--memory-device", "base=0x2000000000,size=2G,node=1",
            "--b-memory-device", "base=0x2080000000,size=2G,node=1");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\nMemory blocks\n  [mem 0x0000002080000000-0x00000020ffffffff] 2 GiB: no block -> online Movable node 1\n"));
    }

    [Test]
    public void A_kernel_bootemu_does_not_model_is_bad_input()
    {
        var r = Diff("--b-kernel", "6.5");
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((2, "")));
        Assert.That(r.Stderr, Is.EqualTo("bootemu: --b-kernel: Argument '6.5' not recognized. Must be one of: '6.1', '6.12'\n"));
    }

    [Test]
    public void A_missing_fixture_is_bad_input_named_in_one_line()
    {
        var r = Diff(Fixture("two-socket-hotplug"), "no-such-machine.yaml");
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((2, "")));
        Assert.That(r.Stderr, Does.StartWith("bootemu: no-such-machine.yaml: ").And.EndWith("\n"));
        Assert.That(r.Stderr.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [TestCase("two-socket-hotplug", "two-socket-hotplug")]
    [TestCase("desktop-1node", "two-socket-hotplug")]
    [TestCase("two-socket-hotplug", "four-node-2hotplug-hole")]
    [TestCase("qemu-vm-dimm", "two-socket-hotplug")]
    public void Json_follows_its_schema(string a, string b)
    {
        var r = Diff(Fixture(a), Fixture(b), "--b-kernel", "6.1", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        JsonSchemas.AssertValid("boot-diff.schema.json", r.Stdout, $"diff {a} {b}");
    }

    [Test]
    public void Json_says_whether_the_boots_are_the_same_as_the_exit_code_does()
    {
        var r = Diff(Fixture("two-socket-hotplug"), "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That((r.ExitCode, doc.RootElement.GetProperty("same").GetBoolean()), Is.EqualTo((0, true)));
    }
}
