using System.Diagnostics;
using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `boot --live [ROOT]` reads a live machine's own inputs (or a copy of them in the same layout) and `--compare-live`
/// sets the emulated machine beside what that machine shows. tests/live holds copies: this sandbox (Linux 6.18, neither
/// model, no SRAT) made by tools/collect-live.sh, and two real conformance boots rendered by tools/conformance-to-live.py.
/// </summary>
[NonParallelizable]
public class LiveMachineTests
{
    private const string Firecracker618 = "firecracker-6.18";
    private const string Srat2Default61 = "srat2-default-6.1";
    private const string PcDimm612 = "qemu-numa2-pcdimm-6.12";

    private static readonly Regex FactLine = new(@"^\S.*: (agree \(.*\)|differ: emulated .*, live .*)$");

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bootemu-live-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static CliHarness.Result Compare(string root, params string[] more) => CliHarness.Run(["boot", "--live", root, "--compare-live", .. more]);

    private static IEnumerable<string> Facts(string stdout) =>
        stdout.Split('\n').Where(l => l.Contains(": agree (", StringComparison.Ordinal) || l.Contains(": differ: ", StringComparison.Ordinal));

    /// <summary>A writable copy of a saved machine, to plant changes in.</summary>
    private string CopyOf(string name)
    {
        string from = RepoPaths.LiveCopy(name), to = Path.Combine(_dir, name);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    [Test]
    public void A_real_linux_6_1_boot_agrees_with_its_emulation_fact_by_fact()
    {
        var r = Compare(RepoPaths.LiveCopy(Srat2Default61));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(Facts(r.Stdout), Has.All.Contains(": agree ("));
        Assert.That(r.Stdout, Does.Contain("Node 1, zone Normal: spanned: agree (524288)\n"));
        Assert.That(r.Stdout, Does.Contain("memory32: node: agree (1)\n"));
        Assert.That(r.Stdout, Does.EndWith("summary: 125 facts compared with the live machine: 125 agree, 0 differ\n"));
        Assert.That(r.Stderr, Does.Contain("emulating Linux 6.1, the model of the running kernel 6.1.0-56-amd64"));
    }

    [Test]
    public void A_planted_block_state_is_reported_as_a_difference_with_both_values()
    {
        string root = CopyOf(Srat2Default61);
        File.WriteAllText(Path.Combine(root, "sys/devices/system/memory/memory33/state"), "offline\n");
        var r = Compare(root);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("memory33: state: differ: emulated online, live offline\n"));
        Assert.That(r.Stdout, Does.EndWith("124 agree, 1 differ\n"));
    }

    [Test]
    public void A_planted_zone_size_is_reported_as_a_difference_with_both_values()
    {
        string root = CopyOf(Srat2Default61);
        string zoneinfo = Path.Combine(root, "proc/zoneinfo");
        File.WriteAllText(zoneinfo, File.ReadAllText(zoneinfo).Replace("present  520160", "present  520000"));
        var r = Compare(root);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("Node 0, zone DMA32: present: differ: emulated 520160, live 520000\n"));
    }

    [Test]
    public void A_planted_node_mask_is_reported_as_a_difference_with_both_values()
    {
        string root = CopyOf(Srat2Default61);
        File.WriteAllText(Path.Combine(root, "sys/devices/system/node/has_memory"), "0\n");
        var r = Compare(root);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("node mask has_memory: differ: emulated 0-1, live 0\n"));
    }

    [Test]
    public void Every_line_is_a_fact_that_agrees_or_differs_then_what_is_left_out_then_a_summary()
    {
        var lines = Compare(RepoPaths.LiveCopy(Srat2Default61)).Stdout.TrimEnd('\n').Split('\n');
        Assert.That(lines[..^2], Has.All.Match(FactLine.ToString()));
        Assert.That(lines[^2], Is.EqualTo("not compared: managed and free pages: they depend on what the running system has allocated since boot"));
        Assert.That(lines[^1], Does.StartWith("summary: "));
    }

    [Test]
    public void This_sandboxs_saved_copy_agrees_though_its_kernel_is_neither_model()
    {
        // Linux 6.18 in a Firecracker VM, no SRAT: bootemu emulates 6.12 and says why; the zones and blocks still agree.
        var r = Compare(RepoPaths.LiveCopy(Firecracker618));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("Node 0, zone Normal: spanned: agree (5505024)\n"));
        Assert.That(r.Stderr, Does.Contain("the running kernel 6.18.44-fc-v1272 is neither model (Linux 6.1 or 6.12): emulating Linux 6.12"));
    }

    [Test]
    public void A_machine_without_an_srat_boots_without_numa_and_says_so()
    {
        var r = CliHarness.Run("boot", "--live", RepoPaths.LiveCopy(Firecracker618));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("the machine has no SRAT: it boots without NUMA, as the kernel does"));
        Assert.That(r.Stdout, Does.Not.Contain("Node 1:"));
    }

    [Test]
    public void A_log_without_BIOS_e820_lines_takes_the_firmware_memmap_and_says_so()
    {
        // A wrapped ring buffer has lost the first lines of the boot; /sys/firmware/memmap keeps the same map.
        string root = CopyOf(Srat2Default61);
        string log = Path.Combine(root, "dmesg.txt");
        File.WriteAllLines(log, File.ReadAllLines(log).Where(l => !l.Contains("BIOS-e820:", StringComparison.Ordinal)));
        var r = Compare(root);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Contain("the boot log holds no BIOS-e820 lines (the log ring has wrapped past them): the e820 map is taken from"));
    }

    [Test]
    public void Memory_hot_added_at_boot_is_found_in_the_firmware_memmap()
    {
        // The pc-dimm acpi_init hot-added on 6.12 is System RAM in /sys/firmware/memmap but in no BIOS-e820 line.
        var r = Compare(RepoPaths.LiveCopy(PcDimm612));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Contain("System RAM at [mem 0x0000000180000000-0x00000001bfffffff] that the BIOS-e820 lines have not"));
        Assert.That(r.Stdout, Does.Contain("memory48: state: agree (online)\n"));
    }

    [Test]
    public void The_kernel_option_wins_over_the_running_kernel()
    {
        var r = CliHarness.Run("boot", "--live", RepoPaths.LiveCopy(Srat2Default61), "--kernel", "6.12", "--format", "zoneinfo");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("emulated kernel: Linux 6.12"));
        Assert.That(r.Stderr, Does.Not.Contain("model of the running kernel"));
    }

    [TestCase("boot", "firmware-tables/desktop-1node.yaml")]
    [TestCase("boot", "--srat", "x.bin")]
    [TestCase("hotplug", "--script", "s.yaml", "--e820", "dmesg.txt")]
    public void Live_with_a_fixture_or_files_is_a_one_line_error(params string[] args)
    {
        string script = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(script, "steps:\n  - offline: 33\n");
        var r = CliHarness.Run([.. args.Select(a => a == "s.yaml" ? script : a), "--live", RepoPaths.LiveCopy(Srat2Default61)]);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((2, "bootemu: --live: give either --live or a fixture or --srat/--acpidump/--e820/--slit files, not both\n")));
    }

    [Test]
    public void Compare_live_needs_live()
    {
        var r = CliHarness.Run("boot", "--compare-live");
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((2, "bootemu: --compare-live: needs --live: the machine to compare with\n")));
    }

    [Test]
    public void A_live_root_that_is_not_a_directory_is_a_one_line_error()
    {
        var r = CliHarness.Run("boot", "--live", Path.Combine(_dir, "nowhere"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.EndWith("nowhere: cannot read: no such directory (--live takes the root of a machine's files)\n"));
    }

    [Test]
    public void Hotplug_compares_the_machine_after_its_script()
    {
        string script = Path.Combine(_dir, "offline.yaml");
        File.WriteAllText(script, "steps:\n  - offline: 33\n");
        var r = CliHarness.Run("hotplug", "--live", RepoPaths.LiveCopy(Srat2Default61), "--script", script, "--compare-live");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("memory33: state: differ: emulated offline, live online\n"));
    }

    /// <summary>The machine the tests run on, whatever it is: the comparison runs and reports, agreeing or not.</summary>
    [Test]
    public void The_running_machine_is_compared_with_its_emulation()
    {
        Assume.That(OperatingSystem.IsLinux() && File.Exists("/proc/zoneinfo"), "needs a running Linux machine");
        var r = CliHarness.Run("boot", "--live", "--compare-live");
        TestContext.Out.WriteLine(r.Stderr);
        TestContext.Out.WriteLine(string.Join("\n", r.Stdout.Split('\n').Where(l => l.Contains("differ", StringComparison.Ordinal))));
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("Node 0, zone DMA32: spanned: "));
        Assert.That(r.Stdout.TrimEnd('\n').Split('\n')[^1], Does.Match(@"^summary: \d+ facts compared with the live machine: \d+ agree, \d+ differ$"));
    }

    [Test]
    public void Collect_live_copies_the_running_machine_so_that_it_compares_alike()
    {
        Assume.That(OperatingSystem.IsLinux() && File.Exists("/proc/zoneinfo"), "needs a running Linux machine");
        string copy = Path.Combine(_dir, "copy");
        using (var collect = Process.Start(new ProcessStartInfo("sh", [Path.Combine(RepoPaths.Root, "tools", "collect-live.sh"), copy])
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            collect.StandardOutput.ReadToEnd();
            collect.StandardError.ReadToEnd();
            collect.WaitForExit();
            Assert.That(collect.ExitCode, Is.EqualTo(0));
        }
        Assert.That(Facts(Compare(copy).Stdout), Is.EqualTo(Facts(CliHarness.Run("boot", "--live", "--compare-live").Stdout)));
    }
}
