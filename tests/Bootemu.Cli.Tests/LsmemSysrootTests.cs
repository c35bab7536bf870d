using System.Diagnostics;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `hotplug --format lsmem` judged by the real lsmem (util-linux, .ci/run makes sure it is there): bootemu writes the
/// machine's /sys tree after a script with --write-sysroot, real `lsmem --sysroot` reads it with the same column, bytes
/// and summary choices, and bootemu's own rendering must be the same bytes.
/// </summary>
[NonParallelizable]
public class LsmemSysrootTests
{
    private const string Lsmem = "/usr/bin/lsmem";
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bootemu-lsmem-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A machine and a script: the embedded default, the two-socket machine with movable_node after onlines and offlines, the QEMU VM after a DIMM hot-add.</summary>
    public sealed record Machine(string Name, string[] Args, string Script)
    {
        public override string ToString() => Name;
    }

    /// <summary>lsmem's choices, as lsmem's own options and as bootemu's.</summary>
    public sealed record Choices(string Name, string[] LsmemArgs, string[] BootemuArgs)
    {
        public override string ToString() => Name;
    }

    private static readonly Machine[] Machines =
    [
        new("default", [], "steps:\n  - offline: 5\n"),
        new("two-socket-hotplug movable_node", [Fixture("two-socket-hotplug.yaml"), "--cmdline", "movable_node"],
            "steps:\n  - offline: 20\n  - offline: 21\n  - offline: 25\n  - online_movable: 25\n  - offline: 30\n  - offline: 3\n"),
        new("qemu-vm-dimm after a hot-add", [Fixture("qemu-vm-dimm.yaml")],
            "steps:\n  - hot_add: {base: 0x180000000, size: 1G, node: 1}\n  - offline: 50\n  - online_movable: 50\n  - offline: 52\n  - offline: 40\n"),
    ];

    private static readonly Choices[] ChoiceSets =
    [
        new("lsmem's defaults", [], []),
        new("every column", ["-o", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES"], ["--lsmem-output", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES"]),
        new("+node,zones in bytes", ["-o", "+node,zones", "-b"], ["--lsmem-output", "+node,zones", "--lsmem-bytes"]),
        new("summary only", ["--summary=only"], ["--lsmem-summary", "only"]),
        new("summary only in bytes", ["--summary=only", "-b"], ["--lsmem-summary", "only", "--lsmem-bytes"]),
        new("table only, NODE last", ["--summary=never", "-o", "ZONES,SIZE,BLOCK,NODE"], ["--lsmem-summary", "never", "--lsmem-output", "ZONES,SIZE,BLOCK,NODE"]),
        new("RANGE last, repeated BLOCK", ["-o", "BLOCK,SIZE,BLOCK,RANGE"], ["--lsmem-output", "BLOCK,SIZE,BLOCK,RANGE"]),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from m in Machines from c in ChoiceSets select new TestCaseData(m, c).SetArgDisplayNames(m.Name, c.Name);

    [TestCaseSource(nameof(Cases))]
    public void Lsmem_format_is_what_real_lsmem_prints_from_the_written_sysroot(Machine machine, Choices choices)
    {
        if (!File.Exists(Lsmem)) Assert.Ignore("lsmem is not installed (.ci/run installs util-linux)");
        string root = Path.Combine(_dir, "root");
        var r = CliHarness.Run(["hotplug", .. machine.Args, "--script", Script(machine.Script), "--format", "lsmem", "--write-sysroot", root, .. choices.BootemuArgs]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Is.EqualTo(RealLsmem(["--sysroot", root, .. choices.LsmemArgs])));
    }

    [Test]
    public void Write_sysroot_refuses_a_directory_that_holds_a_file_and_leaves_it_alone()
    {
        string root = Directory.CreateDirectory(Path.Combine(_dir, "root")).FullName;
        File.WriteAllText(Path.Combine(root, "mine"), "keep");
        var r = CliHarness.Run("hotplug", "--script", Script("steps: []\n"), "--write-sysroot", root);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: {root}: is not empty; --write-sysroot writes only into a new or empty directory\n"));
        Assert.That(Directory.EnumerateFileSystemEntries(root), Is.EqualTo(new[] { Path.Combine(root, "mine") }));
    }

    [Test]
    public void Write_sysroot_writes_each_block_files_text_and_its_node_link_as_sysfs_shows_them()
    {
        string root = Path.Combine(_dir, "root");
        var r = CliHarness.Run("hotplug", Fixture("qemu-vm-dimm.yaml"), "--script", Script("steps:\n  - offline: 33\n"), "--write-sysroot", root);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        string block = Path.Combine(root, "sys/devices/system/memory/memory33");
        Assert.That(File.ReadAllText(Path.Combine(block, "state")), Is.EqualTo("offline\n"));
        Assert.That(File.ReadAllText(Path.Combine(block, "online")), Is.EqualTo("0\n"));
        Assert.That(File.ReadAllText(Path.Combine(block, "phys_index")), Is.EqualTo("00000021\n"));
        Assert.That(File.ReadAllText(Path.Combine(block, "valid_zones")), Is.EqualTo("Normal Movable\n"));
        Assert.That(new FileInfo(Path.Combine(block, "node1")).LinkTarget, Is.EqualTo("../../node/node1"));
        Assert.That(File.ReadAllText(Path.Combine(root, "sys/devices/system/memory/block_size_bytes")), Is.EqualTo("8000000\n"));
    }

    [Test]
    public void Write_sysroot_writes_the_node_masks()
    {
        string root = Path.Combine(_dir, "root");
        CliHarness.Run("hotplug", Fixture("qemu-vm-dimm.yaml"), "--script", Script("steps: []\n"), "--write-sysroot", root);
        Assert.That(File.ReadAllText(Path.Combine(root, "sys/devices/system/node/has_normal_memory")), Is.EqualTo("0-1\n"));
        Assert.That(new FileInfo(Path.Combine(root, "sys/devices/system/node/node1/memory32")).LinkTarget, Is.EqualTo("../../memory/memory32"));
    }

    [TestCase("--lsmem-output", "NODE")]
    [TestCase("--lsmem-bytes")]
    [TestCase("--lsmem-summary", "only")]
    public void An_lsmem_option_with_another_format_is_bad_input(params string[] option)
    {
        var r = CliHarness.Run(["hotplug", "--script", Script("steps: []\n"), "--format", "sysfs", .. option]);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: {option[0]}: only with --format lsmem\n"));
    }

    [Test]
    public void An_unknown_lsmem_column_is_bad_input_naming_the_known_ones()
    {
        var r = CliHarness.Run("hotplug", "--script", Script("steps: []\n"), "--format", "lsmem", "--lsmem-output", "RANGE,SIZES");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo("bootemu: --lsmem-output: unknown column 'SIZES' (expected RANGE, SIZE, STATE, REMOVABLE, BLOCK, NODE, ZONES)\n"));
    }

    [Test]
    public void More_lsmem_columns_than_lsmem_holds_is_bad_input()
    {
        var r = CliHarness.Run("hotplug", "--script", Script("steps: []\n"), "--format", "lsmem", "--lsmem-output", "+RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES,RANGE,SIZE,STATE");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo("bootemu: --lsmem-output: 15 columns; lsmem takes at most 14\n"));
    }

    private static string Fixture(string name) => Path.Combine(RepoPaths.FirmwareTables, name);

    private string Script(string yaml)
    {
        string path = Path.Combine(_dir, "script.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>What lsmem prints into a pipe, in the C locale (no translated headers or labels).</summary>
    private static string RealLsmem(string[] args)
    {
        var start = new ProcessStartInfo(Lsmem, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LC_ALL"] = "C";
        using var lsmem = Process.Start(start)!;
        string stdout = lsmem.StandardOutput.ReadToEnd();
        string stderr = lsmem.StandardError.ReadToEnd();
        lsmem.WaitForExit();
        Assert.That(lsmem.ExitCode, Is.EqualTo(0), stderr);
        return stdout;
    }
}
