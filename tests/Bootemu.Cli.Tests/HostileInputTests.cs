using System.Buffers.Binary;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// Inputs that once crashed or hung a verb: each must end in exit 0, 1 or 2 with no stack trace, and bad input in one
/// line that names the file.
/// </summary>
public class HostileInputTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "bootemu-hostile-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static string SratOf(string name) => ConformanceCase.Load(name).SratPath!;

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A SLIT of the header alone, its Length field set to <paramref name="length"/>.</summary>
    private string SlitHeaderOnly(uint length)
    {
        var table = new byte[36];
        "SLIT"u8.CopyTo(table);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), length);
        table[8] = 1;
        return Write($"slit{length}.bin", table);
    }

    private static void AssertNoStackTrace(CliHarness.Result r) =>
        Assert.That(r.Stderr + r.Stdout, Does.Not.Contain("   at ").And.Not.Contain("Exception"));

    [TestCase(36u, TestName = "Boot_with_a_slit_of_the_header_alone_runs")]
    [TestCase(0u, TestName = "Boot_with_a_slit_of_length_zero_runs")]
    public void Boot_with_a_short_slit(uint length)
    {
        var r = CliHarness.Run("boot", "--srat", SratOf("srat2_default"), "--slit", SlitHeaderOnly(length), "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("locality count"));
        AssertNoStackTrace(r);
    }

    [TestCase("memmap=4P@0", TestName = "Boot_with_4_PiB_of_ram_from_memmap_ends")]
    [TestCase("memmap=17E@16E", TestName = "Boot_with_memmap_past_2_to_the_64_ends")]
    public void Boot_with_ram_past_max_physmem_bits(string cmdline)
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--cmdline", cmdline, "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("last_pfn = 0x400000000 max_arch_pfn = 0x400000000"));
        Assert.That(r.Stderr, Does.Contain("MAX_PHYSMEM_BITS"));
    }

    [TestCase("memmap=4P@0", TestName = "Boot_6_12_with_4_PiB_of_ram_from_memmap_ends_in_the_coverage_panic")]
    [TestCase("memmap=17E@16E", TestName = "Boot_6_12_with_memmap_past_2_to_the_64_ends_in_the_coverage_panic")]
    public void Boot_6_12_with_ram_past_max_physmem_bits(string cmdline)
    {
        // 6.12 checks coverage against all of memblock, and memory past max_pfn has no node: even the fake node fails.
        var r = CliHarness.Run("boot", "--kernel", "6.12", "--cmdline", cmdline, "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("NUMA: no nodes coverage for "));
        Assert.That(r.Stderr, Does.Contain("even the fake node of dummy_numa_init failed"));
        AssertNoStackTrace(r);
    }

    [Test]
    public void Boot_with_an_e820_line_reaching_2_to_the_52_ends()
    {
        string log = Path.Combine(_dir, "console.log");
        File.WriteAllText(log, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n" +
                               "BIOS-e820: [mem 0x0000000000100000-0x000fffffffffffff] usable\n");
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--e820", log, "--format", "zoneinfo");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain("MAX_PHYSMEM_BITS"));
    }

    [Test]
    public void Deeply_nested_yaml_fixture_is_refused_at_line_and_column()
    {
        string fixture = Path.Combine(_dir, "deep.yaml");
        File.WriteAllText(fixture, new string('[', 100_000));
        var r = CliHarness.Run("boot", fixture);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: {fixture}:1:65: YAML nested deeper than"));
    }

    [TestCase("srat", "decode", TestName = "Srat_decode_of_an_endless_file_stops_at_the_size_limit")]
    [TestCase("boot", "--e820", TestName = "Boot_e820_from_an_endless_file_stops_at_the_size_limit")]
    public void Endless_input(string verb, string option)
    {
        Assume.That(File.Exists("/dev/zero"), "needs /dev/zero");
        var r = CliHarness.Run(verb, option, "/dev/zero");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: /dev/zero: cannot read: larger than the {InputFile.MaxBytesText} limit on input files (read stopped at byte {InputFile.MaxBytes})\n"));
    }

    [TestCase("boot", "--e820", TestName = "Boot_e820_given_a_directory_says_it_is_a_directory")]
    [TestCase("boot", "--srat", TestName = "Boot_srat_given_a_directory_says_it_is_a_directory")]
    [TestCase("srat", "decode", TestName = "Srat_decode_given_a_directory_says_it_is_a_directory")]
    public void Directory_input(string verb, string option)
    {
        var r = CliHarness.Run(verb, option, _dir);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: {_dir}: cannot read: is a directory\n"));
    }

    [Test]
    public void Boot_with_no_usable_ram_left_says_the_kernel_panics_and_exits_1()
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--cmdline", "mem=1");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("The real kernel could not boot this machine: no usable RAM"));
    }

    [Test]
    public void A_boot_the_kernel_does_not_finish_has_no_hot_remove_verdicts()
    {
        // Memory hotplug runs after boot, so there is no hotplug machine to ask; text says so, JSON has null.
        var text = CliHarness.Run("boot", "--kernel", "6.1", "--cmdline", "mem=1");
        var json = CliHarness.Run("boot", "--kernel", "6.1", "--cmdline", "mem=1", "--format", "json");
        Assert.That(text.Stdout, Does.Contain("Hot-remove readiness\n  not assessed: the kernel does not finish booting"));
        Assert.That(json.Stdout, Does.Contain("\"hot_remove_readiness\": null"));
    }

    [Test]
    public void Boot_dmesg_with_no_usable_ram_says_so_on_stderr()
    {
        var r = CliHarness.Run("boot", "--kernel", "6.1", "--cmdline", "memmap=0x", "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("bootemu: the real kernel could not boot this machine: no usable RAM"));
    }

    [TestCase("srat", "a binary SRAT table: give it as --srat", TestName = "Binary_srat_given_as_a_fixture_suggests_srat")]
    [TestCase("console", "a boot log: give it as --e820", TestName = "Boot_log_given_as_a_fixture_suggests_e820")]
    public void Wrong_file_where_a_fixture_belongs(string which, string says)
    {
        var c = ConformanceCase.Load("srat2_default");
        string path = which == "srat" ? c.SratPath! : Path.Combine(RepoPaths.ConformanceCase("srat2_default"), "console.log");
        var r = CliHarness.Run("boot", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith($"bootemu: {path}: not a machine fixture (YAML) but {says}"));
    }

    [Test]
    public void Memmap_entry_wrapping_past_2_to_the_64_says_so()
    {
        var r = CliHarness.Run("boot", "--cmdline", "memmap=0x100@0xffffffffffffff00");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.EndWith("the entry at 0xffffffffffffff00 of size 0x100 wraps past 2^64\n"));
    }

    [TestCase("RAMDISK: [mem 0x7000000-0x6000000]", "RAMDISK line ends before it starts", TestName = "Ramdisk_line_ending_before_its_start_says_so")]
    [TestCase("ACPI: Reserving SRAT table memory at [mem 0x7000000-0x6000000]", "ACPI reservation line ends before it starts", TestName = "Acpi_reservation_ending_before_its_start_says_so")]
    public void Log_range_backwards(string line, string says)
    {
        string log = Path.Combine(_dir, "console.log");
        File.WriteAllText(log, "BIOS-e820: [mem 0x0000000000000000-0x000000007fffffff] usable\n" + line + "\n");
        var r = CliHarness.Run("boot", "--e820", log);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Is.EqualTo($"bootemu: {log}:2: {says}: '[mem 0x7000000-0x6000000]'\n"));
    }

    [Test]
    public void Boot_from_an_acpidump_with_two_srats_uses_the_first_and_says_so()
    {
        string dump = Path.Combine(_dir, "acpidump.txt");
        File.WriteAllText(dump, Bootemu.Acpi.Text.AcpiDump.Write([
            new Bootemu.Acpi.Text.AcpiDumpTable("SRAT", 0xBFF50000, RealHardware.SratWithZeroPadding(), 0),
            new Bootemu.Acpi.Text.AcpiDumpTable("SRAT", 0xBFF60000, RealHardware.Srat(RealHardware.X10DAi), 0)]));
        var r = CliHarness.Run("boot", "--acpidump", dump, "--format", "dmesg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Does.Contain($"{dump}: this acpidump text holds 2 SRAT tables, at lines 1 and "));
        AssertNoStackTrace(r);
    }
}
