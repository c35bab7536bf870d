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

    [Test]
    public void Iasl_disassembly_of_an_encoded_table_lists_the_same_fields_as_bootemu()
    {
        Iasl.RequirePresent();
        var table = SratSamples.TypesZeroToFive();
        string ours = SratDslWriter.Write(SratTable.Decode(table));
        Assert.That(Iasl.FieldLines(Iasl.Disassemble(table)), Is.EqualTo(Iasl.FieldLines(ours)));
    }
}
