using System.Buffers.Binary;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu srat decode|encode|check` end to end, with the real command tree.</summary>
[NonParallelizable]
public class SratCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("bootemu-srat-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, true);

    private static byte[] Conformance(string c = "srat4_hp23_movable_node") => ConformanceCase.Load(c).Srat;

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A conformance table with one byte changed and its checksum fixed, so only that change is wrong.</summary>
    private static byte[] Patched(int offset, byte value)
    {
        var t = Conformance();
        t[offset] = value;
        t[9] = 0;
        t[9] = (byte)(0 - t.Aggregate(0, (s, b) => s + b));
        return t;
    }

    private static void AssertBadInput(CliHarness.Result r, string message)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stderr.TrimEnd('\n'), Is.EqualTo(message));
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Decode_to_yaml_then_encode_gives_back_the_table(string c)
    {
        var original = Conformance(c);
        var decoded = CliHarness.Run("srat", "decode", Write("x.bin", original), "--format", "yaml");
        Assert.That(decoded.ExitCode, Is.EqualTo(0), decoded.Stderr);
        string yaml = Write("t.yaml", decoded.Stdout);
        string bin = Path.Combine(_dir, "t.bin");
        var encoded = CliHarness.Run("srat", "encode", yaml, "-o", bin);
        Assert.That(encoded.ExitCode, Is.EqualTo(0), encoded.Stderr);
        Assert.That(File.ReadAllBytes(bin), Is.EqualTo(original));
    }

    [Test]
    public void Help_says_an_srat()
    {
        var r = CliHarness.Run("srat", "--help");
        Assert.Multiple(() =>
        {
            Assert.That(r.Stdout, Does.Contain("decode an SRAT and print it"));
            Assert.That(r.Stdout, Does.Contain("write an SRAT described in YAML"));
            Assert.That(r.Stdout, Does.Contain("list every problem in an SRAT"));
            Assert.That(r.Stdout, Does.Not.Contain("a SRAT"));
        });
    }

    [Test]
    public void Decode_reads_acpidump_text()
    {
        string dump = Path.Combine(RepoPaths.Root, "tests", "Bootemu.Acpi.Tests", "Text", "Samples", "qemu-4node.acpidump");
        var r = CliHarness.Run("srat", "decode", dump, "--format", "json");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Does.Contain("\"base\": \"0x1c0000000\""));
            Assert.That(r.Stdout, Does.Contain("\"hotpluggable\": true"));
        });
    }

    [Test]
    public void Decode_to_dsl_prints_the_iasl_listing()
    {
        var r = CliHarness.Run("srat", "decode", Write("x.bin", Conformance()), "--format", "dsl");
        Assert.That(r.Stdout, Does.Contain("[0F0h 0240   1]                Subtable Type : 01 [Memory Affinity]"));
    }

    [Test]
    public void Decode_of_a_table_with_a_bad_checksum_warns_and_succeeds()
    {
        var t = Conformance();
        t[9] ^= 1;
        string path = Write("x.bin", t);
        var r = CliHarness.Run("srat", "decode", path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {path}: offset 0x9 (9): warning: checksum is 0x62, should be 0x63 " +
                "(the kernel warns \"Incorrect checksum in table [SRAT]\" and uses the table anyway)" + Environment.NewLine));
        });
    }

    [Test]
    public void Unknown_format_is_refused()
    {
        var r = CliHarness.Run("srat", "decode", Write("x.bin", Conformance()), "--format", "xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Truncated_header_is_bad_input()
    {
        string f = Write("x.bin", Conformance()[..30]);
        AssertBadInput(CliHarness.Run("srat", "decode", f), $"bootemu: {f}: offset 0x1e (30): truncated ACPI table header: the data ends after 30 bytes, a header needs 36");
    }

    [Test]
    public void Length_field_bigger_than_the_file_is_bad_input()
    {
        string f = Write("x.bin", Conformance()[..300]);
        AssertBadInput(CliHarness.Run("srat", "decode", f), $"bootemu: {f}: offset 0x4 (4): Length field is 0x140 (320) but the data holds only 300 bytes");
    }

    [Test]
    public void Length_field_smaller_than_the_file_is_bad_input()
    {
        string f = Write("x.bin", [.. Conformance(), 0, 0, 0, 0]);
        AssertBadInput(CliHarness.Run("srat", "decode", f), $"bootemu: {f}: offset 0x4 (4): Length field is 0x140 (320) but the data holds 324 bytes (4 bytes after the table)");
    }

    [Test, CancelAfter(10_000)]
    public void Decode_of_a_zero_length_subtable_exits_1_with_the_finding_and_does_not_hang()
    {
        string f = Write("x.bin", Patched(0x51, 0));
        var r = CliHarness.Run("srat", "decode", f);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {f}: offset 0x50 (80): warning: subtable type 1 (Memory Affinity) has length 0 (the kernel prints \"Invalid zero length\" and abandons the walk); " +
                "the 240 byte(s) from here to the table end are kept undecoded" + Environment.NewLine));
            Assert.That(r.Stdout, Does.Contain("undecoded: |  # offset 0x50, 240 bytes the subtable walk does not reach: "));
        });
    }

    [Test]
    public void Decode_of_a_subtable_past_the_end_exits_1_with_the_finding()
    {
        string f = Write("x.bin", Patched(0x119, 0x30));
        var r = CliHarness.Run("srat", "decode", f);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stderr, Does.StartWith($"bootemu: {f}: offset 0x118 (280): warning: subtable type 1 (Memory Affinity) of length 48 runs past the table end at 0x140 (it would end at 0x148)"));
        });
    }

    [TestCase("yaml")]
    [TestCase("json")]
    [TestCase("dsl")]
    public void Decode_of_a_real_table_with_a_zero_length_subtable_exits_1_and_shows_the_rest_as_bytes(string format)
    {
        string f = Write("x.bin", RealHardware.SratWithZeroPadding());
        var r = CliHarness.Run("srat", "decode", f, "--format", format);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stderr, Does.StartWith($"bootemu: {f}: offset 0x1158 (4440): warning: subtable type 0 (Processor Local APIC/SAPIC Affinity) has length 0"));
            Assert.That(r.Stdout, Does.Contain(format switch
            {
                "yaml" => "undecoded: |  # offset 0x1158, 4608 bytes",
                "json" => "\"offset\": 4440,\n    \"length\": 4608,",
                _ => "[115Ah 4442 4606]                       Buffer : 00 00",
            }));
        });
    }

    [Test]
    public void Real_table_with_a_zero_length_subtable_goes_through_yaml_and_back_byte_for_byte()
    {
        var original = RealHardware.SratWithZeroPadding();
        var decoded = CliHarness.Run("srat", "decode", Write("x.bin", original));
        string bin = Path.Combine(_dir, "t.bin");
        var encoded = CliHarness.Run("srat", "encode", Write("t.yaml", decoded.Stdout), "-o", bin);
        Assert.That(encoded.ExitCode, Is.EqualTo(0), encoded.Stderr);
        Assert.That(File.ReadAllBytes(bin), Is.EqualTo(original));
    }

    [Test]
    public void Subtable_shorter_than_its_type_is_bad_input()
    {
        string f = Write("x.bin", Patched(0x31, 8));
        AssertBadInput(CliHarness.Run("srat", "decode", f), $"bootemu: {f}: offset 0x30 (48): subtable type 0 (Processor Local APIC/SAPIC Affinity) has length 8, its type needs 16");
    }

    [Test]
    public void Acpidump_without_srat_is_bad_input()
    {
        string dump = Path.Combine(RepoPaths.Root, "tests", "Bootemu.Acpi.Tests", "Text", "Samples", "qemu-4node-no-srat.acpidump");
        AssertBadInput(CliHarness.Run("srat", "decode", dump), $"bootemu: {dump}: no SRAT table in this acpidump text (tables found: APIC, HPET)");
    }

    [Test]
    public void Yaml_unknown_key_is_bad_input()
    {
        string f = Write("t.yaml", "entries:\n  - memory: {pxm: 0, size: 1G}\n");
        var r = CliHarness.Run("srat", "encode", f, "-o", Path.Combine(_dir, "t.bin"));
        AssertBadInput(r, $"bootemu: {f}:2:22: unknown key 'size' (allowed: base, enabled, extra, hotpluggable, length, nonvolatile, other_flags, pxm, reserved1, reserved2, reserved3, specific_purpose)");
        Assert.That(File.Exists(Path.Combine(_dir, "t.bin")), Is.False, "nothing is written");
    }

    [Test]
    public void Yaml_wrong_type_is_bad_input()
    {
        string f = Write("t.yaml", "entries:\n  - memory: {pxm: [1, 2]}\n");
        AssertBadInput(CliHarness.Run("srat", "encode", f, "-o", Path.Combine(_dir, "t.bin")), $"bootemu: {f}:2:19: expected a plain value, found a list");
    }

    [Test]
    public void Yaml_negative_address_is_bad_input()
    {
        string f = Write("t.yaml", "entries:\n  - memory: {base: -1, length: 1G}\n");
        AssertBadInput(CliHarness.Run("srat", "encode", f, "-o", Path.Combine(_dir, "t.bin")), $"bootemu: {f}:2:20: '-1' is negative; addresses and sizes must be 0 or more");
    }

    [Test]
    public void Yaml_range_past_2_to_the_64_is_bad_input()
    {
        string f = Write("t.yaml", "entries:\n  - memory: {base: 0xffffffffc0000000, length: 2G}\n");
        AssertBadInput(CliHarness.Run("srat", "encode", f, "-o", Path.Combine(_dir, "t.bin")), $"bootemu: {f}:2:20: base 0xffffffffc0000000 + length 0x80000000 goes past 2^64");
    }

    [Test]
    public void Yaml_aliases_are_bad_input()
    {
        string f = Write("t.yaml", "a: &a [1, 2]\nentries: [*a, *a]\n");
        var r = CliHarness.Run("srat", "encode", f, "-o", Path.Combine(_dir, "t.bin"));
        AssertBadInput(r, $"bootemu: {f}:1:4: YAML anchor &a is not allowed (anchors and aliases are refused)");
    }

    [Test]
    public void Encode_refuses_to_write_over_its_input()
    {
        string yaml = Write("t.yaml", "entries:\n  - apic: {pxm: 0, enabled: true}\n");
        var r = CliHarness.Run("srat", "encode", yaml, "-o", yaml);
        AssertBadInput(r, $"bootemu: {yaml}: refusing to write the output over the input file");
        Assert.That(File.ReadAllText(yaml), Does.StartWith("entries:"), "the input is untouched");
    }

    [Test]
    public void Check_of_a_clean_table_exits_0()
    {
        var r = CliHarness.Run("srat", "check", Write("x.bin", Conformance()));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0));
            Assert.That(r.Stdout, Does.EndWith("SRAT (320 bytes): no problems found\n"));
        });
    }

    [Test]
    public void Check_with_findings_exits_1_and_lists_them_with_offsets()
    {
        var r = CliHarness.Run("srat", "check", Write("x.bin", Patched(0x51, 0)));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Does.Contain("x.bin: offset 0x50 (80): warning: subtable type 1 (Memory Affinity) has length 0"));
        });
    }

    [Test]
    public void Check_of_a_subtable_of_length_1_exits_1_with_the_finding_at_its_offset()
    {
        var r = CliHarness.Run("srat", "check", Write("x.bin", Patched(0x51, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
            Assert.That(r.Stderr, Is.Empty);
            Assert.That(r.Stdout, Does.Contain("x.bin: offset 0x50 (80): warning: subtable type 1 (Memory Affinity) has length 1, shorter than the 2-byte subtable header"));
        });
    }

    /// <summary>An acpidump text with two SRATs, as a Dell Precision 5810's has.</summary>
    private string TwoSratDump(byte[] first, byte[] second) => Write("d.txt", Bootemu.Acpi.Text.AcpiDump.Write([
        new("SRAT", 0xBFF5_0000, first, 0), new("SRAT", 0xBFF6_0000, second, 0)]));

    [Test]
    public void Decode_of_a_dump_with_two_srats_decodes_the_first_and_says_there_are_two()
    {
        var first = Conformance();
        string dump = TwoSratDump(first, Conformance("srat2_default"));
        var r = CliHarness.Run("srat", "decode", dump, "--format", "json");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stderr, Is.EqualTo($"bootemu: {dump}: info: this acpidump text holds 2 SRAT tables, at lines 1 and 23; " +
                "bootemu reads the first, as the kernel uses the first SRAT in its table list\n"));
            Assert.That(r.Stdout, Does.Contain($"\"length\": {first.Length},"));
        });
    }

    [Test]
    public void Check_of_a_dump_with_two_srats_checks_the_first_and_lists_the_second_as_a_note()
    {
        string dump = TwoSratDump(Conformance(), Conformance("srat2_default"));
        var r = CliHarness.Run("srat", "check", dump);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Is.EqualTo($"{dump}: info: this acpidump text holds 2 SRAT tables, at lines 1 and 23; " +
                "bootemu reads the first, as the kernel uses the first SRAT in its table list\n" +
                $"{dump}:1 (SRAT table): SRAT (320 bytes): 0 warning(s), 1 note(s)\n"));
        });
    }

    [Test]
    public void Check_of_a_dell_precision_5810_like_dump_finds_the_zero_length_subtable_of_the_first_srat()
    {
        string dump = TwoSratDump(RealHardware.SratWithZeroPadding(), RealHardware.Srat(RealHardware.X10DAi));
        var r = CliHarness.Run("srat", "check", dump);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Does.StartWith($"{dump}: info: this acpidump text holds 2 SRAT tables, at lines 1 and 569;"));
            Assert.That(r.Stdout, Does.Contain($"{dump}:1 (SRAT table): offset 0x1158 (4440): warning: subtable type 0 (Processor Local APIC/SAPIC Affinity) has length 0"));
        });
    }

    [Test]
    public void Check_of_an_unreadable_table_exits_2()
    {
        var r = CliHarness.Run("srat", "check", Write("x.bin", Conformance()[..12]));
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Missing_file_is_bad_input()
    {
        string f = Path.Combine(_dir, "nope.bin");
        var r = CliHarness.Run("srat", "decode", f);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stderr, Does.StartWith($"bootemu: {f}: cannot read:"));
        });
    }
}
