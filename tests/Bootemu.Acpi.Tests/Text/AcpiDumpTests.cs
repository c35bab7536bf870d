using SlitTable = Bootemu.Acpi.Slit.Slit;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Text;

/// <summary>
/// acpidump text. The samples hold the srat4_hp23_movable_node SRAT with a MADT, an HPET and a SLIT, in acpidump's
/// format; ACPICA's acpixtract extracts from them the same SRAT bytes (checked by a test below when it is installed).
/// </summary>
public class AcpiDumpTests
{
    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "tests", "Bootemu.Acpi.Tests", "Text", "Samples", name);
    private static string SratBin => ConformanceCase.Load("srat4_hp23_movable_node").SratPath!;

    [Test]
    public void A_dump_of_the_srat_alone_is_read_as_acpidump_text_not_as_a_binary_table()
    {
        // `acpidump -n SRAT` prints only the SRAT, so the file starts with "SRAT @ 0x...", like a binary SRAT starts with "SRAT".
        var lines = File.ReadAllLines(Sample("qemu-4node.acpidump"));
        int start = Array.FindIndex(lines, l => l.StartsWith("SRAT @", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, start + 1, l => l.Contains(" @ 0x", StringComparison.Ordinal));
        string path = Path.Combine(Path.GetTempPath(), $"srat-only-{Guid.NewGuid():N}.acpidump");
        File.WriteAllLines(path, lines[start..end]);
        try
        {
            var (bytes, kind, _) = TableInput.Load(path, "SRAT", _ => throw new AssertionException("not YAML"));
            Assert.That(kind, Is.EqualTo(TableInputKind.AcpiDump));
            Assert.That(bytes, Is.EqualTo(File.ReadAllBytes(SratBin)));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void Srat_is_picked_out_of_a_dump_of_several_tables()
    {
        var dump = AcpiDump.Parse(File.ReadAllText(Sample("qemu-4node.acpidump")), "d.txt");
        var srat = dump.Table("SRAT");
        Assert.Multiple(() =>
        {
            Assert.That(dump.Tables.Select(t => t.Signature), Is.EqualTo(new[] { "APIC", "HPET", "SRAT", "SLIT" }));
            Assert.That(srat.Address, Is.EqualTo(0x7ffe22cbUL));
            Assert.That(srat.Bytes, Is.EqualTo(File.ReadAllBytes(SratBin)));
        });
    }

    [Test]
    public void Slit_is_picked_out_of_the_same_dump()
    {
        var slit = SlitTable.Decode(AcpiDump.Parse(File.ReadAllText(Sample("qemu-4node.acpidump")), "d.txt").Table("SLIT").Bytes);
        Assert.Multiple(() =>
        {
            Assert.That(slit.LocalityCount, Is.EqualTo(4));
            Assert.That(slit.Distance(2, 3), Is.EqualTo(20));
            Assert.That(slit.KernelAccepts, Is.True);
        });
    }

    [Test]
    public void Dump_without_srat_is_an_error_naming_the_tables_found()
    {
        var dump = AcpiDump.Parse(File.ReadAllText(Sample("qemu-4node-no-srat.acpidump")), "d.txt");
        var e = Assert.Throws<InputException>(() => dump.Table("SRAT"));
        Assert.That(e!.OneLine, Is.EqualTo("d.txt: no SRAT table in this acpidump text (tables found: APIC, HPET)"));
    }

    [Test]
    public void Malformed_dump_line_is_an_error_with_its_line_number()
    {
        string text = "SRAT @ 0x0000000000001000\n    0000: 53 52 41 54 30 00 00 00 03 00 42 4F 4F 54 45 4D  SRAT0.....BOOTEM\n    0010 zz zz\n";
        var e = Assert.Throws<InputException>(() => AcpiDump.Parse(text, "d.txt"));
        Assert.That(e!.OneLine, Does.StartWith("d.txt:3: malformed acpidump line"));
    }

    [Test]
    public void Malformed_dump_line_is_quoted_with_control_characters_escaped()
    {
        string text = "SRAT @ 0x0000000000001000\n    0000: 53 52 41 54\n    0004 \u001b]0;pwned\u0007\r\n";
        var e = Assert.Throws<InputException>(() => AcpiDump.Parse(text, "d.txt"));
        Assert.That(e!.OneLine, Is.EqualTo("d.txt:3: malformed acpidump line (expected \"    OFFS: XX XX ...\"): '    0004 \\x1b]0;pwned\\x07'"));
    }

    private static string RealDump() => File.ReadAllText(RealHardware.AcpiDumpPath(RealHardware.X10DAi));

    [Test]
    public void Table_header_line_whose_address_overflows_64_bits_is_an_error_naming_its_line()
    {
        string text = RealDump().Replace("SLIT @ 0x0000000000000000", "SLIT @ 0x1FFFFFFFFFFFFFFFF");
        var e = Assert.Throws<InputException>(() => AcpiDump.Parse(text, "d.txt"));
        Assert.That(e!.OneLine, Is.EqualTo("d.txt:281: malformed acpidump table header line (expected \"SIG @ 0x\" and a hex address of at most 64 bits): 'SLIT @ 0x1FFFFFFFFFFFFFFFF'"));
    }

    [TestCase("SRAT @ 0xZZ")]
    [TestCase("SRAT @ 0x")]
    [TestCase("SRAT @ 1000")]
    [TestCase("SRAT @ 0x-1")]
    public void Table_header_line_without_a_hex_address_is_an_error(string line)
    {
        var e = Assert.Throws<InputException>(() => AcpiDump.Parse($"{line}\n    0000: 53 52 41 54\n", "d.txt"));
        Assert.That(e!.OneLine, Does.StartWith("d.txt:1: malformed acpidump table header line"));
    }

    [Test]
    public void Text_whose_only_table_header_is_malformed_is_still_taken_for_acpidump_text()
    {
        Assert.That(AcpiDump.Looks("SLIT @ 0x1FFFFFFFFFFFFFFFF\n    0000: 53 4C 49 54\n"), Is.True);
    }

    [Test]
    public void Signature_with_a_punctuation_character_is_a_table()
    {
        var dump = AcpiDump.Parse("ASF! @ 0x00000000BFFE0000\n    0000: 41 53 46 21\n", "d.txt");
        Assert.That(dump.Tables.Single().Signature, Is.EqualTo("ASF!"));
    }

    /// <summary>
    /// Two SRATs, as a Dell Precision 5810's dump has: the first sized for more entries than it holds (zero padding
    /// after its entries), the second complete.
    /// </summary>
    private static AcpiDump TwoSrats() => AcpiDump.Parse(AcpiDump.Write([
        new AcpiDumpTable("SRAT", 0xBFF5_0000, RealHardware.SratWithZeroPadding(), 0),
        new AcpiDumpTable("SRAT", 0xBFF6_0000, RealHardware.Srat(RealHardware.X10DAi), 0)]), "d.txt");

    [Test]
    public void Every_instance_of_a_signature_is_listed_with_its_line_in_dump_order()
    {
        var srats = TwoSrats().Instances("SRAT");
        Assert.Multiple(() =>
        {
            Assert.That(srats.Select(t => t.Line), Is.EqualTo(new[] { 1, 569 }));
            Assert.That(srats.Select(t => t.Bytes.Length), Is.EqualTo(new[] { 9048, 4440 }));
        });
    }

    [Test]
    public void The_table_of_a_signature_is_its_first_instance_as_the_kernel_uses()
    {
        Assert.That(TwoSrats().Table("SRAT").Line, Is.EqualTo(1));
    }

    [Test]
    public void Note_about_instances_names_their_count_and_lines()
    {
        Assert.That(TwoSrats().InstancesNote("SRAT"), Is.EqualTo("this acpidump text holds 2 SRAT tables, at lines 1 and 569; bootemu reads the first, as the kernel uses the first SRAT in its table list"));
    }

    [Test]
    public void A_single_instance_needs_no_note()
    {
        Assert.That(AcpiDump.Parse(RealDump(), "d.txt").InstancesNote("SRAT"), Is.Null);
    }

    [Test]
    public void Dump_line_out_of_sequence_is_an_error()
    {
        string text = "SRAT @ 0x0000000000001000\n    0000: 53 52 41 54\n    0020: 00 00\n";
        var e = Assert.Throws<InputException>(() => AcpiDump.Parse(text, "d.txt"));
        Assert.That(e!.OneLine, Is.EqualTo("d.txt:3: dump line offset 0x0020 does not follow the previous line (expected 0x0004)"));
    }

    [Test]
    public void Text_before_and_between_tables_is_ignored()
    {
        string text = "$ sudo acpidump\n" + File.ReadAllText(Sample("qemu-4node.acpidump")).Replace("SRAT @", "note: the SRAT follows\nSRAT @");
        Assert.That(AcpiDump.Parse(text, "d.txt").Table("SRAT").Bytes, Is.EqualTo(File.ReadAllBytes(SratBin)));
    }

    [Test]
    public void Written_dump_is_what_acpixtract_reads_back()
    {
        const string acpixtract = "/usr/bin/acpixtract";
        if (!File.Exists(acpixtract)) Assert.Ignore("acpixtract is not installed (acpica-tools)");
        string dir = Directory.CreateTempSubdirectory("bootemu-acpixtract-").FullName;
        try
        {
            var bytes = File.ReadAllBytes(SratBin);
            File.WriteAllText(Path.Combine(dir, "d.txt"), AcpiDump.Write([new AcpiDumpTable("SRAT", 0x7ffe22cb, bytes, 1)]));
            var psi = new System.Diagnostics.ProcessStartInfo(acpixtract, "-a d.txt") { WorkingDirectory = dir, RedirectStandardOutput = true };
            using (var p = System.Diagnostics.Process.Start(psi)!) { p.StandardOutput.ReadToEnd(); p.WaitForExit(30_000); }
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "srat.dat")), Is.EqualTo(bytes));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Srat_decoded_from_the_dump_is_the_conformance_table()
    {
        var fromDump = SratTable.Decode(AcpiDump.Parse(File.ReadAllText(Sample("qemu-4node.acpidump")), "d.txt").Table("SRAT").Bytes);
        Assert.That(fromDump.Encode(), Is.EqualTo(File.ReadAllBytes(SratBin)));
    }
}
