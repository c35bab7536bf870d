using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Text;

public class SratYamlTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Yaml_written_from_a_conformance_table_reads_back_to_the_same_bytes(string c)
    {
        var bytes = ConformanceCase.Load(c).Srat;
        string yaml = SratYamlWriter.Write(SratTable.Decode(bytes));
        Assert.That(SratYaml.Parse(yaml, "t.yaml").Encode(), Is.EqualTo(bytes));
    }

    [Test]
    public void A_wrong_checksum_is_written_with_the_right_one_beside_it_and_kept_on_the_way_back()
    {
        // srat2_default's table sums to zero with its own checksum byte; one more is wrong by exactly one.
        var bytes = ConformanceCase.Load("srat2_default").Srat;
        byte right = bytes[9];
        bytes[9]++;
        string yaml = SratYamlWriter.Write(SratTable.Decode(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(yaml, Does.Contain($"  checksum: 0x{bytes[9]:x2}  # wrong on purpose: the correct checksum is 0x{right:x2}\n"));
            Assert.That(SratYaml.Parse(yaml, "t.yaml").Encode(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Hand_written_entries_get_defaults_and_are_laid_out_from_offset_48()
    {
        var srat = SratYaml.Parse("""
            entries:
              - apic: {pxm: 0, apic_id: 0, enabled: true}
              - memory: {pxm: 1, base: 0x100000000, length: 2G, enabled: true, hotpluggable: true}
            """, "t.yaml");
        var memory = srat.MemoryAffinities.Single();
        Assert.Multiple(() =>
        {
            Assert.That(srat.Header.Revision, Is.EqualTo(3));
            Assert.That(srat.TableRevision, Is.EqualTo(1));
            Assert.That(srat.Subtables[0].Offset, Is.EqualTo(48));
            Assert.That(memory.Offset, Is.EqualTo(64));
            Assert.That(memory.Length, Is.EqualTo(2UL << 30));
            Assert.That(memory.Flags, Is.EqualTo(MemoryAffinityFlags.Enabled | MemoryAffinityFlags.HotPluggable));
            Assert.That(srat.Encode().Length, Is.EqualTo(48 + 16 + 40));
        });
    }

    [Test]
    public void Unknown_key_is_an_error_at_its_line_and_column()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - memory: {pxm: 1, bsae: 0x1000}\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("t.yaml:2:22: unknown key 'bsae'"));
    }

    [Test]
    public void Wrong_type_is_an_error_at_its_line_and_column()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - memory: {pxm: 1, enabled: maybe}\n", "t.yaml"));
        Assert.That(e!.OneLine, Is.EqualTo("t.yaml:2:31: expected true or false, found 'maybe'"));
    }

    [Test]
    public void Negative_address_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - memory: {base: -4096, length: 4096}\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("t.yaml:2:20: '-4096' is negative"));
    }

    [Test]
    public void Range_past_2_to_the_64_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - memory: {base: 0xffffffffffff0000, length: 1M}\n", "t.yaml"));
        Assert.That(e!.OneLine, Is.EqualTo("t.yaml:2:20: base 0xffffffffffff0000 + length 0x100000 goes past 2^64"));
    }

    [Test]
    public void Range_ending_exactly_at_2_to_the_64_is_accepted()
    {
        var srat = SratYaml.Parse("entries:\n  - memory: {base: 0xffffffffffff0000, length: 0x10000}\n", "t.yaml");
        Assert.That(srat.MemoryAffinities.Single().Wraps, Is.False);
    }

    [Test]
    public void Value_too_large_for_its_field_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - apic: {apic_id: 256}\n", "t.yaml"));
        Assert.That(e!.OneLine, Is.EqualTo("t.yaml:2:21: apic_id 256 is too large (at most 0xff)"));
    }

    [Test]
    public void Aliases_are_refused()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - memory: &m {pxm: 1}\n  - *m\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.Contain("anchors and aliases are refused"));
    }

    [Test]
    public void Unknown_entry_kind_is_an_error()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - dimm: {pxm: 1}\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("t.yaml:2:5: unknown SRAT entry kind 'dimm'"));
    }

    [Test]
    public void Unknown_entry_kind_error_lists_every_described_kind_and_raw_in_order()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("entries:\n  - dimm: {pxm: 1}\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.EndWith("(allowed: apic, generic_initiator, generic_port, gic_its, gicc, memory, raw, rintc, x2apic)"));
    }

    [Test]
    public void Unknown_entry_kind_is_quoted_escaped_and_cut_short()
    {
        string kind = "dimm\\n\\e[2J" + new string('x', 100);
        var e = Assert.Throws<InputException>(() => SratYaml.Parse($"entries:\n  - \"{kind}\": {{pxm: 1}}\n", "t.yaml"));
        Assert.That(e!.OneLine, Does.StartWith($"t.yaml:2:5: unknown SRAT entry kind 'dimm\\n\\x1b[2J{new string('x', 51)}...' (allowed:"));
    }

    [Test]
    public void Header_text_that_is_too_long_is_quoted_with_its_control_characters_escaped()
    {
        var e = Assert.Throws<InputException>(() => SratYaml.Parse("header: {oem_id: \"AB\\r\\nCDEFG\"}\n", "t.yaml"));
        Assert.That(e!.OneLine, Is.EqualTo("t.yaml:1:18: oem_id 'AB\\r\\nCDEFG' is longer than 6 characters"));
    }

    [Test]
    public void Raw_entry_keeps_its_type_and_bytes()
    {
        var srat = SratYaml.Parse("entries:\n  - raw: {type: 9, bytes: \"01 02 03\"}\n", "t.yaml");
        Assert.That(srat.Encode()[48..], Is.EqualTo(new byte[] { 9, 5, 1, 2, 3 }));
    }

    [Test]
    public void Pci_generic_initiator_encodes_bus_device_function_as_the_spec_packs_them()
    {
        var srat = SratYaml.Parse("entries:\n  - generic_initiator: {pxm: 2, enabled: true, pci_device: {segment: 1, bus: 0x3a, device: 2, function: 1}}\n", "t.yaml");
        var bytes = srat.Encode();
        // ACPI 6.5 table 5.66: segment (u16) then BDF with bus in bits 15:8, device 7:3, function 2:0.
        Assert.That(bytes[(48 + 8)..(48 + 12)], Is.EqualTo(new byte[] { 0x01, 0x00, 0x11, 0x3a }));
    }

    [Test]
    public void Binary_memory_range_past_2_to_the_64_is_written_as_a_raw_entry_that_reads_back_exactly()
    {
        var bytes = Tests.Srat.SratSamples.Build(new MemoryAffinity { BaseAddress = 0xffff_ffff_0000_0000, Length = 0x1_0000_0000_0000, Flags = MemoryAffinityFlags.Enabled });
        string yaml = SratYamlWriter.Write(SratTable.Decode(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(yaml, Does.Contain("- raw: {type: 1, bytes: "));
            Assert.That(SratYaml.Parse(yaml, "t.yaml").Encode(), Is.EqualTo(bytes));
        });
    }
}
