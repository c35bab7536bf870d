using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

/// <summary>Tables whose subtable walk stops before the table end: decoded as far as it goes, the rest kept as bytes.</summary>
public class SratUndecodedTests
{
    private static readonly ProcessorApicAffinity Cpu0 = new() { Flags = ProcessorAffinityFlags.Enabled };
    private static readonly MemoryAffinity Ram = new() { Length = 0x8000_0000, Flags = MemoryAffinityFlags.Enabled };

    /// <summary>A CPU and a memory entry (ending at 0x68), then <paramref name="tail"/>.</summary>
    private static byte[] WithTail(params byte[] tail)
    {
        byte[] entries = SratSamples.Build(Cpu0, Ram);
        return RealHardware.Resized([.. entries, .. tail], entries.Length + tail.Length);
    }

    public static IEnumerable<TestCaseData> WalkStops()
    {
        yield return new TestCaseData(RealHardware.SratWithZeroPadding(), 0x1158).SetArgDisplayNames("real table, zero padding");
        yield return new TestCaseData(WithTail(new byte[16]), 0x68).SetArgDisplayNames("length 0");
        yield return new TestCaseData(WithTail([1, 1, .. new byte[14]]), 0x68).SetArgDisplayNames("length 1");
        yield return new TestCaseData(WithTail([1, 40, .. new byte[10]]), 0x68).SetArgDisplayNames("past the end");
        yield return new TestCaseData(WithTail(1), 0x68).SetArgDisplayNames("one stray byte");
    }

    [Test]
    public void Zero_padding_after_the_entries_is_kept_undecoded_with_a_finding_at_its_offset()
    {
        var (srat, findings) = SratReader.Read(RealHardware.SratWithZeroPadding());
        var real = SratTable.Decode(RealHardware.Srat(RealHardware.X10DAi));
        Assert.Multiple(() =>
        {
            Assert.That(srat.Subtables, Is.EqualTo(real.Subtables), "every entry before the padding is decoded");
            Assert.That(srat.UndecodedOffset, Is.EqualTo(0x1158));
            Assert.That(srat.Undecoded, Is.EqualTo(new byte[9048 - 0x1158]));
            Assert.That(findings.Single().ToString(), Is.EqualTo("offset 0x1158 (4440): warning: subtable type 0 (Processor Local APIC/SAPIC Affinity) has length 0 " +
                "(the kernel prints \"Invalid zero length\" and abandons the walk); the 4608 byte(s) from here to the table end are kept undecoded"));
        });
    }

    [TestCaseSource(nameof(WalkStops))]
    public void Encode_of_decode_is_byte_identical(byte[] table, int stop)
    {
        var srat = SratTable.Decode(table);
        Assert.Multiple(() =>
        {
            Assert.That(srat.UndecodedOffset, Is.EqualTo(stop));
            Assert.That(srat.Encode(), Is.EqualTo(table));
        });
    }

    [TestCaseSource(nameof(WalkStops))]
    public void Yaml_round_trip_is_byte_identical(byte[] table, int stop)
    {
        string yaml = SratYamlWriter.Write(SratTable.Decode(table));
        Assert.Multiple(() =>
        {
            Assert.That(yaml, Does.Contain($"undecoded: |  # offset 0x{stop:x}, {table.Length - stop} bytes the subtable walk does not reach: "));
            Assert.That(SratYaml.Parse(yaml, "t.yaml").Encode(), Is.EqualTo(table));
        });
    }

    [TestCaseSource(nameof(WalkStops))]
    public void Iasl_compiles_the_listing_into_the_same_bytes(byte[] table, int stop)
    {
        Iasl.RequirePresent();
        string dsl = SratDslWriter.Write(SratTable.Decode(table));
        Assert.Multiple(() =>
        {
            Assert.That(dsl, Does.Contain("Compile back into the binary table with: iasl -G -z FILE.dsl"));
            Assert.That(Iasl.Compile(dsl, "-G", "-z"), Is.EqualTo(table));
        });
    }

    [Test]
    public void Listing_shows_the_subtable_header_where_the_walk_stops_as_iasl_does()
    {
        var table = RealHardware.SratWithZeroPadding();
        string dsl = SratDslWriter.Write(SratTable.Decode(table));
        Assert.Multiple(() =>
        {
            Assert.That(dsl, Does.Contain("/* Offset 0x1158: subtable type 0 (Processor Local APIC/SAPIC Affinity) has length 0 (the kernel prints \"Invalid zero length\" and abandons the walk). " +
                "The subtable walk stops here; the rest of the table is not decoded. */\n" +
                "[1158h 4440   1]                        UINT8 : 00    /* Subtable Type [Processor Local APIC/SAPIC Affinity] */\n" +
                "[1159h 4441   1]                        UINT8 : 00    /* Length */\n" +
                "[115Ah 4442 4606]                       Buffer : 00 00 00"));
            Assert.That(dsl, Does.Contain("Raw Table Data: Length 9048 (0x2358)"));
        });
    }

    [Test]
    public void Iasl_disassembly_stops_at_the_same_offset()
    {
        Iasl.RequirePresent();
        string iasl = Iasl.Disassemble(RealHardware.SratWithZeroPadding());
        Assert.That(iasl, Does.Contain("[1158h 4440   1]                Subtable Type : 00 [Processor Local APIC/SAPIC Affinity]\n" +
            "[1159h 4441   1]                       Length : 00\nInvalid zero length subtable\n"));
    }

    [Test]
    public void Json_names_the_undecoded_part_and_why()
    {
        string json = SratJsonWriter.Write(SratTable.Decode(WithTail(1, 1, 0, 0)));
        Assert.That(json, Does.Contain("\"undecoded\": {\n    \"offset\": 104,\n    \"length\": 4,\n    \"reason\": \"subtable type 1 (Memory Affinity) has length 1, shorter than the 2-byte subtable header"));
        Assert.That(json, Does.Contain("\"bytes\": \"01 01 00 00\""));
    }

    [Test]
    public void Table_whose_walk_reaches_the_end_has_no_undecoded_key()
    {
        var srat = SratTable.Decode(RealHardware.Srat(RealHardware.X10DAi));
        Assert.Multiple(() =>
        {
            Assert.That(srat.Undecoded, Is.Empty);
            Assert.That(SratYamlWriter.Write(srat), Does.Not.Contain("undecoded"));
            Assert.That(SratJsonWriter.Write(srat), Does.Not.Contain("undecoded"));
        });
    }

    [Test]
    public void Yaml_undecoded_bytes_that_begin_with_a_readable_subtable_are_an_error()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries: []\nundecoded: \"00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00\"\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("t.yaml:2:12: undecoded bytes at offset 0x30 begin with a readable subtable (type 0, length 16); they must begin where the walk stops"));
    }

    [Test]
    public void Check_reports_the_zero_length_subtable_of_the_padded_real_table()
    {
        var f = SratChecker.Check(RealHardware.SratWithZeroPadding()).Single(d => d.Severity == AcpiSeverity.Warning);
        Assert.That(f.Offset, Is.EqualTo(0x1158));
    }
}
