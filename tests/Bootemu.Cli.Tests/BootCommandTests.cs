using System.Text.Json;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

[NonParallelizable]
public class BootCommandTests
{
    private static string SratOf(string name) => ConformanceCase.Load(name).SratPath!;

    private static string ConsoleOf(string name) => ConformanceCase.Load(name).ConsolePath;

    [Test]
    public void Default_machine_boots_and_shows_zones_and_hot_remove_readiness()
    {
        var r = CliHarness.Run("boot");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("Node 0: [mem 0x0000000000001000-"));
        Assert.That(r.Stdout, Does.Contain("Hot-remove readiness"));
    }

    [Test]
    public void Generic_initiator_node_is_shown_memoryless_and_online()
    {
        var r = CliHarness.Run("boot", Path.Combine(RepoPaths.FirmwareTables, "x2apic-gi.yaml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\nNode 2: memoryless\n"));
    }

    [Test]
    public void Hotpluggable_node_without_movable_node_is_not_removable_and_says_why()
    {
        // srat2_hp1_no_movable_node: node 1 = [4G, 6G) is hot-pluggable but the kernel put it in
        // ZONE_NORMAL (the real boot's zoneinfo) and allocated NODE_DATA(1) at its top (the real
        // boot's "NODE_DATA(1) allocated [mem 0x17ffd3000-0x17fffdfff]").
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--srat", SratOf("srat2_hp1_no_movable_node"), "--e820", ConsoleOf("srat2_hp1_no_movable_node"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("Node 1: NOT removable"));
        Assert.That(r.Stdout, Does.Contain("of it is in kernel zone Normal"));
        Assert.That(r.Stdout, Does.Contain("\"NODE_DATA(1)\" of 172 KiB sits at 0x000000017ffd3000"));
    }

    [Test]
    public void Format_numactl_prints_numactl_s_hardware_listing_alone_with_the_notes_on_stderr()
    {
        var r = CliHarness.Run("boot", Path.Combine(RepoPaths.FirmwareTables, "four-node-2hotplug-hole.yaml"), "--format", "numactl");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("available: 4 nodes (0-3)\nnode 0 cpus: 0 1 2 3 4 5 6 7\nnode 0 size: "));
        Assert.That(r.Stdout, Does.EndWith("node distances:\nnode   0   1   2   3 \n  0:  10  16  22  22 \n  1:  16  10  22  22 \n  2:  22  22  10  16 \n  3:  22  22  16  10 \n"));
        Assert.That(r.Stderr, Does.Contain("bootemu: note: emulated kernel: Linux 6.12"));
    }

    [Test]
    public void Hotpluggable_node_under_movable_node_is_removable()
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--srat", SratOf("srat2_hp1_movable_node"), "--e820", ConsoleOf("srat2_hp1_movable_node"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("Node 1: removable"));
    }

    [Test]
    public void Cmdline_option_replaces_the_machines_own_command_line()
    {
        // The log's own command line has movable_node; without it node 1 stays in ZONE_NORMAL.
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--srat", SratOf("srat2_hp1_movable_node"), "--e820", ConsoleOf("srat2_hp1_movable_node"),
            "--cmdline", "nokaslr", "--format", "zoneinfo");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(BootConformanceTests.ParseZoneinfo(r.Stdout), Does.Contain("1 Normal 524288 524288 start_pfn 1048576"));
    }

    [Test]
    public void Json_holds_nodes_zones_memblock_lists_and_early_allocations()
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--srat", SratOf("srat2_default"), "--e820", ConsoleOf("srat2_default"), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("max_pfn").GetString(), Is.EqualTo("0x180000"));
        Assert.That(root.GetProperty("nodes").GetArrayLength(), Is.EqualTo(2));
        Assert.That(root.GetProperty("memblock_memory").GetArrayLength(), Is.EqualTo(3));
        var nodeData1 = root.GetProperty("early_allocations").EnumerateArray().Single(a => a.GetProperty("what").GetString() == "NODE_DATA(1)");
        Assert.That(nodeData1.GetProperty("base").GetString(), Is.EqualTo("0x17ffd3000"));
        Assert.That(nodeData1.GetProperty("nid").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Dmesg_keeps_bootemu_notes_out_of_the_kernel_lines()
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--srat", SratOf("srat2_default"), "--e820", ConsoleOf("srat2_default"), "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Stdout, Does.Not.Contain("bootemu"));
        Assert.That(r.Stderr, Does.Contain("bootemu: note: kernel image assumed at [0x1000000, 0x4400000)"));
    }

    [Test]
    public void Unknown_format_is_bad_input()
    {
        var r = CliHarness.Run("boot", "--format", "yaml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("bootemu: "));
    }

    [Test]
    public void Fixture_and_raw_files_together_are_bad_input()
    {
        var r = CliHarness.Run("boot", Path.Combine(RepoPaths.FirmwareTables, "desktop-1node.yaml"), "--srat", SratOf("srat2_default"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("bootemu: "));
    }

    [Test]
    public void Missing_fixture_file_is_bad_input_without_a_stack_trace()
    {
        var r = CliHarness.Run("boot", "/nonexistent/machine.yaml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("bootemu: ").And.Not.Contain("   at "));
    }

    [Test]
    public void Every_shipped_fixture_boots_in_every_format()
    {
        foreach (var fixture in Directory.GetFiles(RepoPaths.FirmwareTables, "*.yaml"))
            foreach (var format in new[] { "text", "dmesg", "json", "zoneinfo" })
            {
                var r = CliHarness.Run("boot", fixture, "--format", format);
                Assert.That(r.ExitCode, Is.EqualTo(0), $"{Path.GetFileName(fixture)} --format {format}: {r.Stderr}");
                Assert.That(r.Stdout, Is.Not.Empty);
            }
    }
}
