using NUnit.Framework;
using System.Text.Json;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu hotplug` end to end: boot a fixture through the pipeline, run a script, report.</summary>
[NonParallelizable]
public partial class HotplugCommandTests
{
    private string _dir = "";

    private static string TwoSocket => Path.Combine(RepoPaths.FirmwareTables, "two-socket-hotplug.yaml");

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bootemu-hotplug-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Script(string yaml)
    {
        string path = Path.Combine(_dir, "script.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string RemoveNode1 = "steps:\n  - offline_node: 1\n  - remove_node: 1\n";

    [Test]
    public void With_movable_node_node_1_of_the_two_socket_machine_can_be_removed()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script(RemoveNode1), "--cmdline", "movable_node");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("step 2: remove_node 1: ok"));
        Assert.That(r.Stdout, Does.Not.Contain("nodes 1"));
    }

    [Test]
    public void Without_movable_node_node_1_cannot_be_emptied_because_of_its_boot_reservations()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script(RemoveNode1), "--cmdline", "");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("step 1: offline_node 1: EBUSY: "));
        Assert.That(r.Stdout, Does.Contain("NODE_DATA(1)"));
        Assert.That(r.Stdout, Does.Contain("step 2: remove_node 1: skipped"));
    }

    [Test]
    public void Keep_going_runs_the_steps_after_a_failure()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script(RemoveNode1), "--cmdline", "", "--keep-going");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("step 2: remove_node 1: EBUSY: "));
        // Node 1's first block (17) holds its boot slab pages, so offline_node left it online.
        Assert.That(r.Stdout, Does.Contain("  kernel: removing memory fails, because memory [0x0000000880000000-0x00000008ffffffff] is onlined"));
    }

    [Test]
    public void An_unknown_verb_is_bad_input_with_its_yaml_location()
    {
        string path = Script("steps:\n  - unplug: {block: 3}\n");
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: {path}:2:5: unknown verb 'unplug'"));
    }

    [Test]
    public void A_block_that_does_not_exist_is_bad_input()
    {
        string path = Script("steps:\n  - offline: {block: 1}\n");
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: {path}:2:5: memory block 1 does not exist"));
    }

    [Test]
    public void A_generic_initiator_node_is_online_after_boot_so_hot_add_does_not_online_it()
    {
        // x2apic-gi's PXM 2 has only a generic initiator: init_gi_nodes sets node 2 online at boot, so
        // add_memory_resource finds it online and does not bring a new node up.
        var r = CliHarness.Run("hotplug", Path.Combine(RepoPaths.FirmwareTables, "x2apic-gi.yaml"),
            "--script", Script("steps:\n  - hot_add: {base: 0x2080000000, size: 2G, node: 2}\n"));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Does.Contain("\nstep 1: hot_add [mem 0x2080000000-0x20ffffffff] node 2: ok: blocks 65 on node 2 (not inside"));
            Assert.That(r.Stdout, Does.Not.Contain("node onlined"));
        });
    }

    [Test]
    public void An_unaligned_hot_add_is_the_kernels_EINVAL_not_bad_input()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script("steps:\n  - hot_add: {base: 0x1080000000, size: 128M, node: 1}\n"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("EINVAL"));
        Assert.That(r.Stdout, Does.Contain("  kernel: Block size [0x80000000] unaligned hotplug range: start 0x1080000000, size 0x8000000"));
    }

    [Test]
    public void Lsmem_format_prints_only_the_lsmem_table_and_summary()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script("steps: []\n"), "--format", "lsmem");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("RANGE "));
        Assert.That(r.Stdout, Does.Contain("Memory block size:         2G\n"));
    }

    [TestCase("lsmem")]
    [TestCase("sysfs")]
    public void Lsmem_and_sysfs_formats_print_the_step_results_on_standard_error(string format)
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script("steps:\n  - offline: 20\n"), "--cmdline", "movable_node", "--format", format);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.StartWith("kernel: Linux 6.12 ").And.Contains("\nstep 1: offline block 20: ok"));
        Assert.That(r.Stdout, Does.Not.Contain("step 1"));
    }

    [Test]
    public void A_failed_step_keeps_exit_code_1_when_its_result_goes_to_standard_error()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script("steps:\n  - offline: 20\n  - online_movable: 20\n"), "--cmdline", "", "--rules", "3.8", "--format", "lsmem");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("step 2: online_movable block 20: EPERM: "));
    }

    [Test]
    public void Json_format_is_valid_json_with_blocks_and_steps()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script(RemoveNode1), "--format", "json", "--cmdline", "movable_node");
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("steps").GetArrayLength(), Is.EqualTo(2));
        Assert.That(doc.RootElement.GetProperty("block_size_bytes").GetString(), Is.EqualTo("80000000"));
    }

    [Test]
    public void Rules_3_8_refuse_online_movable_below_the_highest_Normal_block_with_EPERM()
    {
        // movable_node off: node 1 is Normal, blocks 17-32; 20 is in the middle of it.
        string path = Script("steps:\n  - offline: 20\n  - online_movable: 20\n");
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", path, "--cmdline", "", "--rules", "3.8", "--format", "sysfs");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("step 2: online_movable block 20: EPERM: "));
        Assert.That(r.Stdout, Does.Contain("\nmemory20 state=offline valid_zones=Normal nodes=1\n"));
    }
    private static string[] PcdimmMachine(params string[] more)
    {
        var c = HotplugConformanceCase.Load("pcdimm_all_kernel");
        return ["--kernel", "6.1", "--srat", c.SratPath, "--e820", c.ConsolePath, .. more];
    }

    private const string DimmDevice = "base=0x180000000,size=1G,node=1";

    [Test]
    public void A_boot_log_with_empty_hot_pluggable_SRAT_ranges_gets_a_note_that_no_memory_device_was_assumed()
    {
        var r = CliHarness.Run(["hotplug", .. PcdimmMachine("--script", Script("steps: []\n"))]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("bootemu: note: the log cannot show memory devices present at boot"));
        Assert.That(r.Stderr, Does.Contain("assumes none in the SRAT's hot-pluggable [mem 0x180000000-0x2ffffffff] (node 1)"));
        Assert.That(r.Stderr, Does.Contain("--memory-device base=ADDR,size=SIZE[,node=N]"));
    }

    [Test]
    public void Naming_the_memory_device_removes_the_note()
    {
        var r = CliHarness.Run(["hotplug", .. PcdimmMachine("--memory-device", DimmDevice, "--script", Script("steps: []\n"))]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Not.Contain("memory devices present at boot"));
        Assert.That(r.Stdout, Does.Contain("at boot: memory device [mem 0x180000000-0x1bfffffff]: ok"));
    }

    [Test]
    public void Ejecting_the_dimm_offlines_its_online_blocks_and_removes_it()
    {
        var script = Script("steps:\n  - online_kernel: 48\n  - online_movable: 55\n  - eject: {base: 0x180000000, size: 1G}\n");
        var r = CliHarness.Run(["hotplug", .. PcdimmMachine("--memory-device", DimmDevice, "--script", script)]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("step 3: eject [mem 0x180000000-0x1bfffffff]: ok: offlined blocks 48,55, then removed blocks 48-55"));
        Assert.That(r.Stdout, Does.Not.Contain("memory48 "));
    }

    [Test]
    public void An_eject_refused_by_an_unmovable_block_prints_the_kernels_warning_and_fails_busy()
    {
        var script = Script("steps:\n  - online_kernel: 50\n  - alloc: {kind: unmovable, size: 4M, block: 50}\n  - online_movable: 48\n"
                            + "  - eject: {base: 0x180000000, size: 1G}\n");
        var r = CliHarness.Run(["hotplug", .. PcdimmMachine("--memory-device", DimmDevice, "--script", script)]);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("step 4: eject [mem 0x180000000-0x1bfffffff]: EBUSY: block 50 cannot be offlined"));
        Assert.That(r.Stdout, Does.Contain("  kernel: memory memory50: Offline failed."));
        Assert.That(r.Stdout, Does.Contain("put back online: block 48 to Normal"));
    }

    [Test]
    public void The_zoneinfo_format_prints_only_zoneinfo_on_standard_output_with_the_managed_pages_the_script_moved()
    {
        var r = CliHarness.Run("hotplug", TwoSocket, "--script", Script(RemoveNode1), "--cmdline", "movable_node", "--format", "zoneinfo");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        var zones = ZoneinfoGrammar.Parse(r.Stdout);
        // Node 1 keeps its CPUs, so it stays online without memory: every zone empty, no per-node stats.
        var node1 = zones.Where(b => b.Node == 1).ToList();
        Assert.That(node1.Select(b => b.Zone), Is.EqualTo(new[] { "DMA", "DMA32", "Normal", "Movable", "Device" }));
        Assert.That(node1.Select(b => b.Value("managed")), Has.All.EqualTo("0"));
        Assert.That(node1.SelectMany(b => b.Entries), Has.None.Matches<(string Key, string Value)>(e => e.Key == "per-node stats"));
        Assert.That(r.Stderr, Does.Contain("step 2: remove_node 1: ok"));
        Assert.That(r.Stderr, Does.Contain("  kernel: Built 2 zonelists, mobility grouping on.  Total pages: "), "ZONE_MOVABLE of node 1 lost its last pages");
    }
}
