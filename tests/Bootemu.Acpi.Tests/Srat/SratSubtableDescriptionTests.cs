using System.Text.Json;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using Bootemu.Core.Yaml;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

/// <summary>
/// The subtable descriptions are the one place a type's layout and names live: these tests hold every description
/// to its structure and every form to its description, so a type added there is covered here without a new test.
/// </summary>
public class SratSubtableDescriptionTests
{
    private static IEnumerable<TestCaseData> Descriptions() =>
        SratSubtableDescriptions.All.Select(d => new TestCaseData(d).SetArgDisplayNames(d.Key));

    private const int EntryOffset = SratTable.HeaderSize;

    /// <summary>An entry with every field set to a distinct non-zero value and every named flag bit set.</summary>
    private static SratSubtable Filled(SratSubtableDescription description)
    {
        var entry = description.Empty();
        int n = 0;
        foreach (var field in description.Fields)
        {
            // 0x5a.., 0x5b.., ...: no two fields alike, and memory's base + length stays below 2^64.
            UInt128 pattern = UInt128.MaxValue / 0xff * (UInt128)(0x5a + n++);
            UInt128 value = pattern & field.Max;
            if (field.Kind == SratFieldKind.Flags) value |= field.NamedBits;
            entry = field.Set(entry, value);
        }
        return entry;
    }

    /// <summary>An entry that iasl 20200925's listing rebuilds exactly: only the flag bits iasl names, zeros where it writes zeros.</summary>
    private static SratSubtable Listable(SratSubtableDescription description)
    {
        var entry = Filled(description);
        foreach (var field in description.Fields)
            if (field.IaslZeroes) entry = field.Set(entry, 0);
            else if (field.Kind == SratFieldKind.Flags) entry = field.Set(entry, field.IaslBits);
        return entry;
    }

    private static SratTable TableOf(SratSubtable entry) =>
        SratTable.Create(new AcpiTableHeader("SRAT", 0, 3, null, "BOOTEM", "TESTTEST", 1, "BEMU", 1), 1, 0, [entry]);

    [Test]
    public void Each_description_sits_at_the_index_of_its_type_byte()
    {
        for (int i = 0; i < SratSubtableDescriptions.All.Length; i++)
            Assert.That((int)SratSubtableDescriptions.All[i].Type, Is.EqualTo(i));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Fields_cover_every_byte_after_the_subtable_header_exactly_once(SratSubtableDescription description)
    {
        var owners = new int[description.Size];
        foreach (var field in description.Fields)
            foreach (var part in field.Parts)
                for (int b = part.Offset; b < part.Offset + part.Width; b++)
                    owners[b]++;
        Assert.That(owners[..SratLayout.Subtable.HeaderSize], Is.All.EqualTo(0), "the type and length bytes are the header's");
        Assert.That(owners[SratLayout.Subtable.HeaderSize..], Is.All.EqualTo(1));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void An_entry_with_every_field_set_encodes_and_decodes_to_the_same_bytes_and_values(SratSubtableDescription description)
    {
        var entry = Filled(description);
        byte[] table = TableOf(entry).Encode();
        var decoded = SratTable.Decode(table).Subtables.Single();
        Assert.That(decoded.Type, Is.EqualTo(description.Type));
        Assert.That(decoded.DeclaredLength, Is.EqualTo(description.Size));
        foreach (var field in description.Fields)
            Assert.That(field.Get(decoded), Is.EqualTo(field.Get(entry)), field.Key);
        Assert.That(TableOf(decoded).Encode(), Is.EqualTo(table));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Yaml_of_an_entry_reads_back_to_the_same_bytes(SratSubtableDescription description)
    {
        var srat = TableOf(Filled(description));
        Assert.That(SratYaml.Parse(SratYamlWriter.Write(srat), "t.yaml").Encode(), Is.EqualTo(srat.Encode()));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Yaml_entry_lists_exactly_the_described_fields(SratSubtableDescription description)
    {
        var yaml = YamlInput.Load(SratYamlWriter.Write(TableOf(Filled(description))), "t.yaml");
        var (kind, body) = yaml.AsMap().Required("entries").AsList().Single().AsMap().Entries.Select(e => (e.Key, e.Value)).Single();
        Assert.That(kind, Is.EqualTo(description.Key));
        var expected = description.Fields.SelectMany(f => f.Kind switch
        {
            // The filled flag word also has bits without a name.
            SratFieldKind.Flags => f.Bits.Select(b => b.Key).Append("other_flags"),
            SratFieldKind.DeviceHandleType => [],
            _ => [f.Key],
        });
        Assert.That(body.AsMap().Entries.Select(e => e.Key), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Json_entry_lists_exactly_the_described_fields(SratSubtableDescription description)
    {
        using var json = JsonDocument.Parse(SratJsonWriter.Write(TableOf(Filled(description))));
        var entry = json.RootElement.GetProperty("entries").EnumerateArray().Single();
        Assert.That(entry.GetProperty("kind").GetString(), Is.EqualTo(description.Key));
        var expected = new[] { "offset", "length", "type", "kind" }.Concat(description.Fields.SelectMany(f => f.Kind switch
        {
            SratFieldKind.Flags => f.Bits.Select(b => b.Key).Prepend(f.JsonKey),
            SratFieldKind.DeviceHandleType => [],
            _ => [f.JsonKey],
        }));
        Assert.That(entry.EnumerateObject().Select(p => p.Name), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Generic_listing_has_one_line_per_field_part_in_offset_order(SratSubtableDescription description)
    {
        string dsl = SratDslWriter.Write(TableOf(Filled(description)));
        var expected = description.PartsByOffset.Select(fp => $"[{EntryOffset + fp.Part.Offset:X3}h {EntryOffset + fp.Part.Offset:D4} {fp.Part.Width,3}]").ToList();
        var lines = dsl.Split('\n').Where(l => l.StartsWith('[') && l.EndsWith("*/")).Skip(4).ToList(); // after table revision, reserved, type, length
        Assert.That(lines.Select(l => l[..15]), Is.EqualTo(expected));
        Assert.That(lines.Select(l => l[(l.LastIndexOf("/* ", StringComparison.Ordinal) + 3)..^3]),
            Is.EqualTo(description.PartsByOffset.Select(fp => fp.Part.CommentLabel)));
    }

    [TestCaseSource(nameof(Descriptions))]
    public void Field_listing_names_every_field_part_as_iasl_does_when_iasl_knows_the_type(SratSubtableDescription description)
    {
        var srat = TableOf(Listable(description));
        Assert.That(SratDslWriter.IaslCanRebuild(srat), Is.EqualTo(description.IaslCompiles));
        if (!description.IaslCompiles) return;
        var names = SratDslWriter.Write(srat).Split('\n')
            .Where(l => l.StartsWith('[') && int.Parse(l[6..10]) >= EntryOffset + SratLayout.Subtable.HeaderSize)
            .Select(l => l[15..44].Trim());
        Assert.That(names, Is.EqualTo(description.PartsByOffset.Select(fp =>
            fp.Field.Kind == SratFieldKind.Flags ? $"{fp.Part.IaslLabel} (decoded below)" : fp.Part.IaslLabel)));
    }
}
