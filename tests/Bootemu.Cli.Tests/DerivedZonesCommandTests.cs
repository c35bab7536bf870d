using NUnit.Framework;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests;

/// <summary>
/// `bootemu hotplug` with the derived-zones experiment (not Linux): opt-in, the shipped example, every format labelled.
/// A part of <see cref="HotplugCommandTests"/>, whose script folder it shares.
/// </summary>
public partial class HotplugCommandTests
{
    private static string QemuVm => Path.Combine(RepoPaths.FirmwareTables, "qemu-vm-dimm.yaml");
    private static string DerivedZonesExample => Path.Combine(RepoPaths.FirmwareTables, "scripts", "derived-zones.yaml");

    private const string DerivePool = "steps:\n  - derive_zone: {name: pool, node: 0, base: DMA32, size: 8M}\n";

    [Test]
    public void The_README_example_script_runs_every_step_successfully()
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", DerivedZonesExample);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("step 7: delete_zone scratch (bootemu experiment, not Linux): ok"));
    }

    [Test]
    public void Without_the_opt_in_a_derive_zone_step_is_bad_input_saying_it_is_not_Linux()
    {
        string path = Script(DerivePool);
        var r = CliHarness.Run("hotplug", QemuVm, "--script", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: {path}:2:5: derive_zone belongs to bootemu's derived-zones experiment, not Linux behaviour"));
        Assert.That(r.Stderr.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [Test]
    public void The_experimental_option_opts_a_script_in()
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", Script(DerivePool), "--experimental", "derived-zones");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
    }

    [Test]
    public void A_run_that_used_the_experiment_notes_on_standard_error_that_no_kernel_does_this()
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", DerivedZonesExample);
        Assert.That(r.Stderr, Does.StartWith("bootemu: note: derived zones are a bootemu experiment, not Linux behaviour"));
    }

    [TestCase("text")]
    [TestCase("json")]
    [TestCase("zoneinfo")]
    public void Every_format_labels_the_derived_zones_as_not_Linux(string format)
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", DerivedZonesExample, "--format", format);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("bootemu experiment, not Linux").And.Contains("dma31"));
    }

    [TestCase("lsmem")]
    [TestCase("sysfs")]
    public void The_lsmem_and_sysfs_formats_label_the_derived_zones_on_standard_error_with_the_steps(string format)
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", DerivedZonesExample, "--format", format);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("derived zones (bootemu experiment, not Linux").And.Contains("dma31"));
    }

    [Test]
    public void The_zoneinfo_format_prints_the_kernels_zone_blocks_then_the_derived_zones()
    {
        var r = CliHarness.Run("hotplug", QemuVm, "--script", DerivedZonesExample, "--format", "zoneinfo");
        Assert.That(r.Stdout, Does.Match(@"\nNode 1, zone   Device\n(.*\n)*?        protection: \([0-9, ]+\)\n\nDerived zones \(bootemu experiment, not Linux"));
    }
}
