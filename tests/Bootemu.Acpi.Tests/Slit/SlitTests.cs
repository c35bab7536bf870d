using System.Buffers.Binary;
using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using CsCheck;
using NUnit.Framework;
using SlitTable = Bootemu.Acpi.Slit.Slit;

namespace Bootemu.Acpi.Tests.Slit;

public class SlitTests
{
    private static readonly AcpiTableHeader Header = new("SLIT", 0, 1, null, "BOCHS ", "BXPCSLIT", 1, "BXPC", 1);

    private static byte[] Table(params byte[][] rows) => SlitTable.Create(Header, rows).Encode();

    private static byte[] TwoNodes() => Table([10, 20], [20, 10]);

    [Test]
    public void Encoded_slit_has_the_spec_layout()
    {
        // ACPI 6.5 §5.2.17: header, u64 number of localities at 36, then the N×N bytes row by row at 44.
        var t = TwoNodes();
        Assert.Multiple(() =>
        {
            Assert.That(t.Length, Is.EqualTo(48));
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(t.AsSpan(36)), Is.EqualTo(2));
            Assert.That(t[44..], Is.EqualTo(new byte[] { 10, 20, 20, 10 }));
            Assert.That(AcpiTableCodec.Sum(t), Is.EqualTo(0));
        });
    }

    [Test]
    public void Encode_of_decode_is_byte_identical()
    {
        var t = Table([10, 21, 31], [21, 10, 41], [31, 41, 10]);
        Assert.That(SlitTable.Decode(t).Encode(), Is.EqualTo(t));
    }

    [Test]
    public void Yaml_round_trip_is_byte_identical()
    {
        var t = Table([10, 21, 31], [22, 10, 41], [31, 40, 10]);
        Assert.That(SlitYaml.Parse(SlitWriter.Yaml(SlitTable.Decode(t)), "s.yaml").Encode(), Is.EqualTo(t));
    }

    [Test]
    public void Length_not_matching_the_locality_count_is_an_error()
    {
        var t = TwoNodes();
        t[36] = 3;
        AcpiTableCodec.Seal(t, null);
        var e = Assert.Throws<InputException>(() => SlitTable.Decode(t));
        Assert.That(e!.OneLine, Is.EqualTo("offset 0x24 (36): locality count 3 needs a 3×3 matrix, but the table holds only 4 bytes after offset 44"));
    }

    [Test]
    public void Huge_locality_count_is_an_error_not_an_overflow()
    {
        var t = TwoNodes();
        BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(36), ulong.MaxValue);
        AcpiTableCodec.Seal(t, null);
        Assert.That(Assert.Throws<InputException>(() => SlitTable.Decode(t))!.Message, Does.StartWith($"locality count {ulong.MaxValue} needs"));
    }

    [Test]
    public void Kernel_rejects_a_diagonal_other_than_10()
    {
        Assert.That(SlitTable.Decode(Table([10, 20], [20, 11])).KernelAccepts, Is.False);
    }

    [Test]
    public void Kernel_rejects_a_remote_distance_of_10()
    {
        Assert.That(SlitTable.Decode(Table([10, 10], [20, 10])).KernelAccepts, Is.False);
    }

    [Test]
    public void Checker_points_at_the_bad_distance_and_says_the_kernel_ignores_the_table()
    {
        var findings = SlitChecker.Check(Table([10, 20], [20, 11]));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Offset, Is.EqualTo(47));
            Assert.That(findings[0].Message, Is.EqualTo("distance from locality 1 to itself is 11, must be 10"));
            Assert.That(findings.Last().Message, Does.Contain("SLIT table looks invalid. Not used."));
        });
    }

    [Test]
    public void Checker_notes_asymmetric_distances()
    {
        var f = SlitChecker.Check(Table([10, 20], [30, 10])).Single();
        Assert.That(f.Severity, Is.EqualTo(AcpiSeverity.Info));
    }

    [Test]
    public void Yaml_row_of_the_wrong_width_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SlitYaml.Parse("distances:\n  - [10, 20]\n  - [20]\n", "s.yaml"));
        Assert.That(e!.OneLine, Is.EqualTo("s.yaml:3:5: this row has 1 distances; a SLIT with 2 localities needs 2 in every row"));
    }

    [Test]
    public void Yaml_distance_over_255_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SlitYaml.Parse("distances:\n  - [10, 256]\n  - [20, 10]\n", "s.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("s.yaml:2:10: 256 is out of range"));
    }

    [Test]
    public void Listing_is_line_for_line_the_iasl_disassembly_and_compiles_back()
    {
        Iasl.RequirePresent();
        // 20 localities: iasl wraps rows after 16 distances.
        var rows = Enumerable.Range(0, 20).Select(i => Enumerable.Range(0, 20).Select(j => (byte)(i == j ? 10 : 20 + i + j)).ToArray()).ToArray();
        var t = Table(rows);
        string ours = SlitWriter.Dsl(SlitTable.Decode(t));
        Assert.Multiple(() =>
        {
            Assert.That(Iasl.FieldLines(ours), Is.EqualTo(Iasl.FieldLines(Iasl.Disassemble(t))));
            Assert.That(Iasl.Compile(ours, "-z"), Is.EqualTo(t));
        });
    }

    [Test]
    public void Generated_tables_round_trip_through_binary_and_yaml()
    {
        Gen.Int[0, 24].SelectMany(n => Gen.Byte.Array[n * n].Select(d => (n, d))).Sample(t =>
        {
            var rows = Enumerable.Range(0, t.n).Select(i => t.d.AsSpan(i * t.n, t.n).ToArray()).ToArray();
            var bytes = SlitTable.Create(Header, rows).Encode();
            return SlitTable.Decode(bytes).Encode().AsSpan().SequenceEqual(bytes)
                && SlitYaml.Parse(SlitWriter.Yaml(SlitTable.Decode(bytes)), "g.yaml").Encode().AsSpan().SequenceEqual(bytes);
        }, iter: 300);
    }

    /// <summary>
    /// The SLIT of three X299 boards: one locality, Length 108, the 63 bytes after the 1×1 matrix all zero (the
    /// firmware sizes the table for 8 localities and fills in one).
    /// </summary>
    private static byte[] X299() => RealHardware.Resized(SlitTable.Create(new("SLIT", 0, 1, null, "ALASKA", "A M I \0\0", 0x1072009, "AMI ", 0x10013), [[10]]).Encode(), 108);

    [Test]
    public void Bytes_after_the_matrix_are_kept_with_a_note_at_their_offset()
    {
        var (slit, findings) = SlitTable.Read(X299());
        Assert.Multiple(() =>
        {
            Assert.That(slit.LocalityCount, Is.EqualTo(1));
            Assert.That(slit.KernelAccepts, Is.True);
            Assert.That(slit.Trailing, Is.EqualTo(new byte[63]));
            Assert.That(findings.Single().ToString(), Is.EqualTo("offset 0x2d (45): info: 63 bytes after the 1×1 distance matrix: Length is 108, 1 locality needs 45; the kernel reads only the matrix"));
        });
    }

    [Test]
    public void Encode_of_decode_keeps_the_bytes_after_the_matrix()
    {
        var t = X299();
        t[100] = 0x5a;
        RealHardware.Sealed(t);
        Assert.That(SlitTable.Decode(t).Encode(), Is.EqualTo(t));
    }

    [Test]
    public void Yaml_round_trip_keeps_the_bytes_after_the_matrix()
    {
        var t = X299();
        string yaml = SlitWriter.Yaml(SlitTable.Decode(t));
        Assert.Multiple(() =>
        {
            Assert.That(yaml, Does.Contain("trailing: |  # offset 0x2d, 63 bytes after the matrix (the kernel ignores them)\n  00 00 00"));
            Assert.That(SlitYaml.Parse(yaml, "s.yaml").Encode(), Is.EqualTo(t));
        });
    }

    [Test]
    public void Json_lists_the_bytes_after_the_matrix()
    {
        Assert.That(SlitWriter.Json(SlitTable.Decode(X299())), Does.Contain("\"trailing\": {\n    \"offset\": 45,\n    \"length\": 63,\n    \"bytes\": \"00 00"));
    }

    [Test]
    public void Iasl_compiles_the_listing_of_a_slit_with_bytes_after_the_matrix_into_the_same_bytes()
    {
        Iasl.RequirePresent();
        var t = X299();
        string dsl = SlitWriter.Dsl(SlitTable.Decode(t));
        Assert.Multiple(() =>
        {
            Assert.That(dsl, Does.Contain("Compile back into the binary table with: iasl -G -z FILE.dsl"));
            Assert.That(Iasl.Compile(dsl, "-G", "-z"), Is.EqualTo(t));
        });
    }

    [Test]
    public void Listing_with_a_creator_id_iasl_cannot_take_gives_no_compile_command()
    {
        string dsl = SlitWriter.Dsl(SlitTable.Decode(RealHardware.WithHpCreatorId(RealHardware.Slit(RealHardware.DL165G7))));
        Assert.Multiple(() =>
        {
            Assert.That(dsl, Does.Not.Contain("Compile back"));
            Assert.That(dsl, Does.Contain("iasl cannot compile this listing back into the table: the Asl Compiler ID (bytes D2 04 00 00)"));
            Assert.That(dsl, Does.Contain("`bootemu slit encode` of the YAML form writes the exact table."));
        });
    }

    [Test]
    public void Check_notes_bytes_after_the_matrix_without_a_warning()
    {
        var t = TwoNodes().Concat(new byte[] { 0, 0 }).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)t.Length);
        AcpiTableCodec.Seal(t, null);
        var f = SlitChecker.Check(t).Single();
        Assert.That(f.ToString(), Is.EqualTo("offset 0x30 (48): info: 2 bytes after the 2×2 distance matrix: Length is 50, 2 localities need 48; the kernel reads only the matrix"));
    }

    [Test]
    public void Check_lists_the_note_about_bytes_after_the_matrix_last()
    {
        var t = RealHardware.Resized(Table([10, 20], [20, 11]), 52);
        var findings = SlitChecker.Check(t);
        Assert.Multiple(() =>
        {
            Assert.That(findings, Has.Count.EqualTo(3));
            Assert.That(findings[^1].Message, Does.StartWith("4 bytes after the 2×2 distance matrix"));
        });
    }
}
