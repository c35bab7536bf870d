using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>Which kernel a verb emulates (--kernel, a fixture's kernel:, the default) and how every output says so.</summary>
[NonParallelizable]
public class KernelChoiceTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("bootemu-kernel-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string[] Case(string kernel, string name, params string[] more)
    {
        var c = ConformanceCase.Load(name, kernel);
        return ["boot", "--srat", c.SratPath!, "--e820", c.ConsolePath, .. more];
    }

    [Test]
    public void Without_a_choice_the_text_report_names_linux_6_12()
    {
        var r = CliHarness.Run(Case("6.12", "srat2_default"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("Kernel: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1))\n"));
    }

    [Test]
    public void Kernel_6_1_is_chosen_with_the_option_and_named_in_json()
    {
        var r = CliHarness.Run(Case("6.1", "srat2_default", "--kernel", "6.1", "--format", "json"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\"version\": \"6.1\""));
    }

    [Test]
    public void Dmesg_says_the_kernel_on_standard_error_only()
    {
        var r = CliHarness.Run(Case("6.12", "srat2_default", "--format", "dmesg"));
        Assert.That(r.Stderr, Does.Contain("bootemu: note: emulated kernel: Linux 6.12"));
        Assert.That(r.Stdout, Does.Not.Contain("emulated kernel"));
    }

    [Test]
    public void The_same_machine_prints_each_kernels_own_lines()
    {
        string[] Merge(string kernel) => CliHarness.Run(Case(kernel, "srat2_default", "--kernel", kernel, "--format", "dmesg")).Stdout
            .Split('\n').Where(l => l.StartsWith("NUMA: Node 0 [mem", StringComparison.Ordinal)).ToArray();
        Assert.That(Merge("6.1")[0], Does.StartWith("NUMA: Node 0 [mem 0x00000000-"));
        Assert.That(Merge("6.12")[0], Does.StartWith("NUMA: Node 0 [mem 0x00001000-"));
    }

    [Test]
    public void An_unknown_version_is_refused_naming_the_option()
    {
        var r = CliHarness.Run(Case("6.12", "srat2_default", "--kernel", "5.4"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo("bootemu: --kernel: bootemu models Linux 6.1 or 6.12, not '5.4'\n"));
    }

    [Test]
    public void A_fixtures_kernel_key_chooses_the_kernel_and_the_option_overrides_it()
    {
        string fixture = Path.Combine(_dir, "m.yaml");
        File.WriteAllText(fixture, """
            kernel: "6.1"
            e820:
              - {base: 0x0, size: 0x9fc00, type: usable}
              - {base: 0x100000, size: 0x7ff00000, type: usable}
            """);
        Assert.That(CliHarness.Run("boot", fixture).Stdout, Does.StartWith("Kernel: Linux 6.1 "));
        Assert.That(CliHarness.Run("boot", fixture, "--kernel", "6.12").Stdout, Does.StartWith("Kernel: Linux 6.12 "));
    }

    [Test]
    public void A_fixtures_unknown_kernel_is_refused_at_its_line_and_column()
    {
        string fixture = Path.Combine(_dir, "m.yaml");
        File.WriteAllText(fixture, "kernel: \"4.19\"\ne820:\n  - {base: 0x0, size: 0x9fc00, type: usable}\n");
        var r = CliHarness.Run("boot", fixture);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: {fixture}:1:9: bootemu models Linux 6.1 or 6.12, not '4.19'\n"));
    }

    [Test]
    public void A_memory_device_at_boot_shows_in_zoneinfo_as_6_12_onlines_it()
    {
        var r = CliHarness.Run(Case("6.12", "qemu_numa2_pcdimm", "--memory-device", "base=0x180000000,size=1G,node=1", "--format", "zoneinfo"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var normal = ZoneinfoGrammar.Parse(r.Stdout).Single(b => b.Node == 1 && b.Zone == "Normal");
        Assert.That((normal.Value("spanned"), normal.Value("present")), Is.EqualTo(("786432", "786432")));
    }

    [Test]
    public void A_memory_device_at_boot_stays_out_of_6_1_zoneinfo_and_the_text_report_says_why()
    {
        var zoneinfo = CliHarness.Run(Case("6.1", "qemu_numa2_pcdimm", "--kernel", "6.1", "--memory-device", "base=6G,size=1G,node=1", "--format", "zoneinfo"));
        Assert.That(ZoneinfoGrammar.Parse(zoneinfo.Stdout).Single(b => b.Node == 1 && b.Zone == "Normal").Value("spanned"), Is.EqualTo("524288"));
        var text = CliHarness.Run(Case("6.1", "qemu_numa2_pcdimm", "--kernel", "6.1", "--memory-device", "base=6G,size=1G,node=1"));
        Assert.That(text.Stdout, Does.Contain("Memory devices present at boot"));
        Assert.That(text.Stdout, Does.Contain("blocks 48-55 on node 1"));
    }

    [Test]
    public void Hotplug_names_its_kernel_and_starts_from_the_devices_added_at_boot()
    {
        string script = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(script, "steps:\n  - offline: {block: 55}\n");
        var c = ConformanceCase.Load("qemu_numa2_pcdimm", "6.12");
        var r = CliHarness.Run("hotplug", "--srat", c.SratPath!, "--e820", c.ConsolePath, "--memory-device", "base=6G,size=1G,node=1", "--script", script);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("kernel: Linux 6.12 (Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)); hot-added memory is online by default\n"
            + "at boot: memory device [mem 0x180000000-0x1bfffffff]: ok: blocks 48-55 on node 1"));
        Assert.That(r.Stdout, Does.Contain("step 1: offline block 55: ok"));
    }

    [TestCase("size=1G", "needs base= and size=")]
    [TestCase("base=6G,size=1G,slot=2", "unknown field 'slot'")]
    [TestCase("base=6G,size=1G,node=x", "node must be a node id below 1024, not 'x'")]
    [TestCase("base=6G,size=lots", "")]
    public void A_malformed_memory_device_is_refused(string text, string why)
    {
        var r = CliHarness.Run(Case("6.12", "srat2_default", "--memory-device", text));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: --memory-device '{text}': "));
        Assert.That(r.Stderr, Does.Contain(why));
    }
}
