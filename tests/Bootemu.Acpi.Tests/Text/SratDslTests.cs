using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tests.Srat;
using Bootemu.Acpi.Text;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Text;

public class SratDslTests
{
    private static byte[] Bin(string c) => ConformanceCase.Load(c).Srat;

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Listing_of_a_conformance_table_is_line_for_line_the_iasl_disassembly(string c)
    {
        string iasl = ConformanceCase.Load(c).IaslListing;
        string ours = SratDslWriter.Write(SratTable.Decode(Bin(c)));
        Assert.That(Iasl.FieldLines(ours), Is.EqualTo(Iasl.FieldLines(iasl)));
        Assert.That(ours[ours.IndexOf("Raw Table Data", StringComparison.Ordinal)..], Is.EqualTo(iasl[iasl.IndexOf("Raw Table Data", StringComparison.Ordinal)..]));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Iasl_compiles_the_listing_of_a_conformance_table_into_the_same_bytes(string c)
    {
        Iasl.RequirePresent();
        var bytes = Bin(c);
        Assert.That(Iasl.Compile(SratDslWriter.Write(SratTable.Decode(bytes)), "-z"), Is.EqualTo(bytes));
    }

    [TestCaseSource(typeof(SratSamples), nameof(SratSamples.EveryType))]
    public void Iasl_compiles_the_listing_of_every_subtable_type_into_the_same_bytes(string name, byte[] table)
    {
        Iasl.RequirePresent();
        string dsl = SratDslWriter.Write(SratTable.Decode(table));
        string[] flags = SratDslWriter.IaslCanRebuild(SratTable.Decode(table)) ? ["-z"] : ["-G", "-z"];
        Assert.That(Iasl.Compile(dsl, flags), Is.EqualTo(table));
    }

    [Test]
    public void Types_0_to_5_are_listed_field_by_field_and_types_6_and_7_in_generic_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SratDslWriter.IaslCanRebuild(SratTable.Decode(SratSamples.TypesZeroToFive())), Is.True);
            Assert.That(SratDslWriter.Write(SratTable.Decode(SratSamples.WithTypesSixAndSeven())), Does.Contain("iasl -G -z"));
        });
    }

    private static byte[] WithHpCreatorId() => RealHardware.WithHpCreatorId(RealHardware.Srat(RealHardware.DL165G7));

    [Test]
    public void Listing_with_a_creator_id_iasl_cannot_take_says_it_cannot_be_compiled_and_why()
    {
        string dsl = SratDslWriter.Write(SratTable.Decode(WithHpCreatorId()));
        Assert.Multiple(() =>
        {
            Assert.That(dsl, Does.Not.Contain("Compile back"));
            Assert.That(dsl, Does.Contain(" * iasl cannot compile this listing back into the table: the Asl Compiler ID (bytes D2 04 00 00)\n * holds bytes iasl does not take as header text."));
            Assert.That(dsl, Does.Contain(" * binary table). `bootemu srat encode` of the YAML form writes the exact table.\n"));
        });
    }

    [Test]
    public void Iasl_indeed_cannot_compile_a_listing_with_a_creator_id_it_cannot_take()
    {
        Iasl.RequirePresent();
        var table = WithHpCreatorId();
        string dsl = SratDslWriter.Write(SratTable.Decode(table));
        Assert.Multiple(() =>
        {
            Assert.That(Iasl.TryCompile(dsl, "-z").Table, Is.Not.EqualTo(table));
            Assert.That(Iasl.TryCompile(dsl, "-G", "-z").Table, Is.Not.EqualTo(table));
        });
    }

    [Test]
    public void Listing_of_a_table_with_a_wrong_checksum_says_iasl_writes_the_right_one()
    {
        var table = RealHardware.Srat(RealHardware.DL165G7);
        table[9] ^= 0x11;
        string dsl = SratDslWriter.Write(SratTable.Decode(table));
        Assert.That(dsl, Does.Contain($" * Compile back into the binary table with: iasl -z FILE.dsl\n * (iasl computes the checksum: it writes 0x{table[9] ^ 0x11:X2} where this table has 0x{table[9]:X2})\n"));
    }

    [Test]
    public void Iasl_compiles_a_listing_with_a_wrong_checksum_into_the_table_with_the_right_one()
    {
        Iasl.RequirePresent();
        var table = RealHardware.Srat(RealHardware.DL165G7);
        var wrong = (byte[])table.Clone();
        wrong[9] ^= 0x11;
        Assert.That(Iasl.Compile(SratDslWriter.Write(SratTable.Decode(wrong)), "-z"), Is.EqualTo(table));
    }

    [Test]
    public void Iasl_disassembly_of_an_encoded_table_lists_the_same_fields_as_bootemu()
    {
        Iasl.RequirePresent();
        var table = SratSamples.TypesZeroToFive();
        string ours = SratDslWriter.Write(SratTable.Decode(table));
        Assert.That(Iasl.FieldLines(Iasl.Disassemble(table)), Is.EqualTo(Iasl.FieldLines(ours)));
    }
}
