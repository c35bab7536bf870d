using System.Buffers.Binary;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Core;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

public class SratReaderTests
{
    private static byte[] OneMemoryEntry() => SratSamples.Build(new MemoryAffinity { ProximityDomain = 1, BaseAddress = 0x1_0000_0000, Length = 0x4000_0000, Flags = MemoryAffinityFlags.Enabled });

    /// <summary>Patches a byte and fixes the checksum, so only the patched field is wrong.</summary>
    private static byte[] Patched(byte[] table, int offset, byte value)
    {
        var t = (byte[])table.Clone();
        t[offset] = value;
        AcpiTableCodec.Seal(t, null);
        return t;
    }

    private static byte[] WithLength(byte[] table, uint length)
    {
        var t = (byte[])table.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), length);
        AcpiTableCodec.Seal(t, null);
        return t;
    }

    private static string Error(byte[] data) => Assert.Throws<InputException>(() => SratTable.Decode(data))!.OneLine;

    [Test]
    public void Truncated_header_is_an_error_at_the_end_of_the_data()
    {
        Assert.That(Error(OneMemoryEntry()[..20]), Is.EqualTo("offset 0x14 (20): truncated ACPI table header: the data ends after 20 bytes, a header needs 36"));
    }

    [Test]
    public void Wrong_signature_is_an_error_at_offset_0()
    {
        var t = OneMemoryEntry();
        t[0] = (byte)'X';
        Assert.That(Error(t), Is.EqualTo("offset 0x0 (0): signature is \"XRAT\", expected \"SRAT\""));
    }

    [Test]
    public void Length_field_larger_than_the_data_is_an_error_naming_both()
    {
        Assert.That(Error(WithLength(OneMemoryEntry(), 200)), Is.EqualTo("offset 0x4 (4): Length field is 0xc8 (200) but the data holds only 88 bytes"));
    }

    [Test]
    public void Length_field_smaller_than_the_data_is_an_error_naming_both()
    {
        Assert.That(Error(WithLength(OneMemoryEntry(), 80)), Is.EqualTo("offset 0x4 (4): Length field is 0x50 (80) but the data holds 88 bytes (8 bytes after the table)"));
    }

    [Test]
    public void Length_field_smaller_than_the_acpi_header_is_an_error()
    {
        Assert.That(Error(WithLength(OneMemoryEntry(), 20)), Is.EqualTo("offset 0x4 (4): Length field is 20, smaller than the 36-byte ACPI table header"));
    }

    /// <summary>The single finding of a strict read, which must not throw.</summary>
    private static string Finding(byte[] data) => SratReader.Read(data).Diagnostics.Single().ToString();

    [Test, CancelAfter(10_000)]
    public void Zero_length_subtable_is_a_finding_that_keeps_the_rest_undecoded_and_does_not_hang()
    {
        Assert.That(Finding(Patched(OneMemoryEntry(), 49, 0)), Is.EqualTo("offset 0x30 (48): warning: subtable type 1 (Memory Affinity) has length 0 (the kernel prints \"Invalid zero length\" and abandons the walk); the 40 byte(s) from here to the table end are kept undecoded"));
    }

    [Test]
    public void Lenient_read_of_a_subtable_of_length_1_keeps_what_came_before_and_reports_it()
    {
        var result = SratReader.ReadLenient(Patched(SratSamples.Build(new ProcessorApicAffinity(), new MemoryAffinity()), 48 + 16 + 1, 1));
        Assert.Multiple(() =>
        {
            Assert.That(result.Table.Subtables, Has.Length.EqualTo(1));
            Assert.That(result.Diagnostics.Single().Offset, Is.EqualTo(64));
            Assert.That(result.Diagnostics.Single().Message, Does.Contain("has length 1, shorter than the 2-byte subtable header"));
        });
    }

    [Test]
    public void Subtable_running_past_the_end_is_a_finding_that_keeps_the_rest_undecoded()
    {
        Assert.That(Finding(Patched(OneMemoryEntry(), 49, 48)), Is.EqualTo("offset 0x30 (48): warning: subtable type 1 (Memory Affinity) of length 48 runs past the table end at 0x58 (it would end at 0x60); the 40 byte(s) from here to the table end are kept undecoded"));
    }

    [Test]
    public void Subtable_shorter_than_its_type_is_an_error()
    {
        var t = SratSamples.Build(new UnknownSubtable { RawType = 1, Body = [.. new byte[22]] });
        Assert.That(Error(t), Is.EqualTo("offset 0x30 (48): subtable type 1 (Memory Affinity) has length 24, its type needs 40"));
    }

    [Test]
    public void Stray_byte_after_the_last_subtable_is_a_finding_that_keeps_it_undecoded()
    {
        var t = OneMemoryEntry().Append((byte)0).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)t.Length);
        AcpiTableCodec.Seal(t, null);
        Assert.Multiple(() =>
        {
            Assert.That(Finding(t), Does.StartWith("offset 0x58 (88): warning: 1 stray byte(s) after the last subtable"));
            Assert.That(SratTable.Decode(t).Undecoded, Is.EqualTo(new byte[] { 0 }));
        });
    }

    [Test]
    public void Bad_checksum_is_a_warning_and_the_table_still_decodes()
    {
        var t = OneMemoryEntry();
        t[9] ^= 0x5a;
        var result = SratReader.Read(t);
        Assert.Multiple(() =>
        {
            Assert.That(result.Table.MemoryAffinities.Single().BaseAddress, Is.EqualTo(0x1_0000_0000UL));
            Assert.That(result.Diagnostics.Single().Offset, Is.EqualTo(9));
            Assert.That(result.Diagnostics.Single().Message, Does.StartWith($"checksum is 0x{t[9]:x2}, should be 0x{t[9] ^ 0x5a:x2}"));
        });
    }

    [Test]
    public void Bad_checksum_is_kept_on_encode_so_the_bytes_round_trip()
    {
        var t = OneMemoryEntry();
        t[9] ^= 0x5a;
        Assert.That(SratTable.Decode(t).Encode(), Is.EqualTo(t));
    }

    [Test]
    public void Changed_table_gets_a_fresh_correct_checksum()
    {
        var srat = SratTable.Decode(OneMemoryEntry());
        var changed = srat with { Subtables = [srat.Subtables[0] with { }, new ProcessorApicAffinity { Flags = ProcessorAffinityFlags.Enabled }] };
        Assert.That(AcpiTableCodec.Sum(changed.Encode()), Is.EqualTo(0));
    }

    [Test]
    public void Unknown_type_and_bytes_beyond_a_structure_are_kept()
    {
        var srat = SratTable.Decode(SratSamples.WithTypesSixAndSeven());
        Assert.Multiple(() =>
        {
            Assert.That(srat.Subtables.OfType<UnknownSubtable>().Single().Body, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(srat.MemoryAffinities.Single().Extra, Is.EqualTo(new byte[] { 0xaa, 0xbb }));
            Assert.That(srat.MemoryAffinities.Single().DeclaredLength, Is.EqualTo(42));
        });
    }

    [Test]
    public void Subtables_remember_their_offsets_in_table_order()
    {
        var srat = SratTable.Decode(SratSamples.WithTypesSixAndSeven());
        Assert.That(srat.Subtables.Select(s => s.Offset), Is.EqualTo(new[] { 48, 64, 96, 116, 121 }));
    }

    [Test]
    public void Type_0_domain_is_split_across_low_and_high_bytes()
    {
        // ACPI 6.5 table 5.59: proximity domain bits 7:0 at offset 2, bits 31:8 at offsets 9-11.
        var t = SratSamples.Build(new ProcessorApicAffinity { ProximityDomain = 0x04030201 });
        Assert.That(t[(48 + 2)..(48 + 3)].Concat(t[(48 + 9)..(48 + 12)]), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(((ProcessorApicAffinity)SratTable.Decode(t).Subtables[0]).KernelDomain(1), Is.EqualTo(1));
    }

    [Test]
    public void Lenient_read_reports_a_zero_length_subtable_and_keeps_what_came_before()
    {
        var t = SratSamples.Build(new ProcessorApicAffinity(), new UnknownSubtable { RawType = 1, Body = [.. new byte[38]] });
        t[48 + 16 + 1] = 0;
        AcpiTableCodec.Seal(t, null);
        var result = SratReader.ReadLenient(t);
        Assert.Multiple(() =>
        {
            Assert.That(result.Table.Subtables, Has.Length.EqualTo(1));
            Assert.That(result.Diagnostics.Single().Offset, Is.EqualTo(64));
        });
    }
}
