using System.Buffers.Binary;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Acpi.Tests.Srat;

public class SratCheckerTests
{
    private static readonly MemoryAffinity Ram = new() { ProximityDomain = 0, BaseAddress = 0, Length = 0x8000_0000, Flags = MemoryAffinityFlags.Enabled };
    private static readonly ProcessorApicAffinity Cpu0 = new() { ProximityDomain = 0, ApicId = 0, Flags = ProcessorAffinityFlags.Enabled };

    private static IReadOnlyList<AcpiDiagnostic> Check(params SratSubtable[] s) => SratChecker.Check(SratSamples.Build(s));

    private static AcpiDiagnostic Single(IReadOnlyList<AcpiDiagnostic> findings, string containing) =>
        findings.Single(f => f.Message.Contains(containing, StringComparison.Ordinal));

    [Test]
    public void Clean_table_has_no_findings()
    {
        Assert.That(Check(Cpu0, Ram), Is.Empty);
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Conformance_tables_have_no_warnings_except_the_deliberate_overlap(string c)
    {
        var findings = SratChecker.Check(ConformanceCase.Load(c).Srat);
        var warnings = findings.Where(f => f.Severity == AcpiSeverity.Warning).Select(f => f.Message).ToList();
        if (c == "srat_overlap_two_nodes") Assert.That(warnings.Single(), Does.Contain("overlaps"));
        else Assert.That(warnings, Is.Empty);
    }

    [Test]
    public void Findings_of_every_kind_come_in_offset_order()
    {
        // A bad checksum, a memoryless CPU, a disabled generic initiator with CPUs after it, a reserved field and an
        // overlap: the memoryless and skipped-CPU findings are judged at the end of the walk, yet listed by offset.
        var t = SratSamples.Build(
            Cpu0 with { ProximityDomain = 3 },
            new GenericInitiatorAffinity { ProximityDomain = 0 },
            Cpu0 with { ApicId = 1 },
            Ram with { Reserved2 = 7 },
            Ram with { ProximityDomain = 1, BaseAddress = 0x4000_0000 });
        t[9] ^= 0x10;
        var findings = SratChecker.Check(t);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Select(f => f.Offset), Is.Ordered);
            Assert.That(Single(findings, "checksum").Offset, Is.EqualTo(9));
            Assert.That(Single(findings, "memoryless").Offset, Is.EqualTo(48));
            Assert.That(Single(findings, "after this disabled generic initiator").Offset, Is.EqualTo(64));
            Assert.That(Single(findings, "reserved2").Offset, Is.EqualTo(48 + 16 + 32 + 16 + 24));
            Assert.That(Single(findings, "overlaps").Offset, Is.EqualTo(48 + 16 + 32 + 16 + 40));
        });
    }

    [Test]
    public void Bad_checksum_names_found_and_expected_values()
    {
        var t = SratSamples.Build(Cpu0, Ram);
        byte good = t[9];
        t[9] = (byte)(good + 1);
        var f = Single(SratChecker.Check(t), "checksum");
        Assert.Multiple(() =>
        {
            Assert.That(f.Offset, Is.EqualTo(9));
            Assert.That(f.Message, Does.StartWith($"checksum is 0x{good + 1:x2}, should be 0x{good:x2}"));
        });
    }

    [Test]
    public void Overlapping_memory_ranges_name_the_other_entry()
    {
        var f = Single(Check(Ram, Ram with { ProximityDomain = 1, BaseAddress = 0x4000_0000 }), "overlaps");
        Assert.Multiple(() =>
        {
            Assert.That(f.Offset, Is.EqualTo(48 + 40));
            Assert.That(f.Message, Is.EqualTo("memory range [mem 0x40000000-0xbfffffff] (PXM 1) overlaps [mem 0x00000000-0x7fffffff] (PXM 0) of the entry at offset 0x30"));
        });
    }

    [Test]
    public void Adjacent_memory_ranges_do_not_overlap()
    {
        Assert.That(Check(Ram, Ram with { BaseAddress = 0x8000_0000 }).Where(f => f.Message.Contains("overlaps")), Is.Empty);
    }

    [Test]
    public void Proximity_domain_over_the_kernel_limit_is_a_warning()
    {
        var f = Single(Check(Ram with { ProximityDomain = 1024 }), "MAX_PXM_DOMAINS");
        Assert.That(f.Offset, Is.EqualTo(48 + 2));
    }

    [Test]
    public void Proximity_domain_1023_is_within_the_kernel_limit()
    {
        Assert.That(Check(Ram with { ProximityDomain = 1023 }), Is.Empty);
    }

    [Test]
    public void Revision_1_memory_domain_is_read_as_8_bits()
    {
        var t = SratSamples.Build(Ram with { ProximityDomain = 0x105 });
        t[8] = 1;
        AcpiTableCodec.Seal(t, null);
        Assert.That(Single(SratChecker.Check(t), "masks").Message, Does.EndWith("reads PXM 5"));
    }

    [Test]
    public void Range_wrapping_past_2_to_the_64_is_a_warning()
    {
        var f = Single(Check(Ram with { BaseAddress = 0xffff_ffff_ffff_0000, Length = 0x2_0000 }), "2^64");
        Assert.That(f.Offset, Is.EqualTo(48 + 16));
    }

    [Test]
    public void Zero_length_memory_range_is_a_warning()
    {
        Assert.That(Single(Check(Ram with { Length = 0 }), "length 0").Severity, Is.EqualTo(AcpiSeverity.Warning));
    }

    [Test]
    public void Cpu_in_a_domain_without_memory_is_noted()
    {
        var f = Single(Check(Cpu0 with { ProximityDomain = 1 }, Ram), "no enabled memory");
        Assert.Multiple(() =>
        {
            Assert.That(f.Severity, Is.EqualTo(AcpiSeverity.Info));
            Assert.That(f.Message, Is.EqualTo("APIC 0x00 is in PXM 1, which has no enabled memory (a memoryless node)"));
        });
    }

    [Test]
    public void Disabled_memory_entry_is_listed_as_a_note()
    {
        var f = Single(Check(Ram, Ram with { BaseAddress = 0x1_0000_0000, Flags = MemoryAffinityFlags.None }), "disabled");
        Assert.That(f.Severity, Is.EqualTo(AcpiSeverity.Info));
    }

    [Test]
    public void A_single_disabled_entry_of_a_kind_keeps_the_note_that_names_it()
    {
        var f = Single(Check(Cpu0, Cpu0 with { ApicId = 7, Flags = ProcessorAffinityFlags.None }, Ram), "disabled");
        Assert.That(f.Message, Is.EqualTo("processor APIC entry for APIC 0x07 is disabled (the kernel ignores it)"));
    }

    [Test]
    public void Disabled_placeholders_of_a_real_table_are_told_in_one_note_per_kind()
    {
        var findings = SratChecker.Check(RealHardware.Srat(RealHardware.X10DAi));
        Assert.That(findings.Select(f => f.ToString()), Is.EqualTo(new[]
        {
            "offset 0x2b0 (688): info: 152 processor APIC entries are disabled (placeholders the kernel ignores): the first here, the last at offset 0xc20",
            "offset 0xcf8 (3320): info: 28 memory entries are disabled (placeholders the kernel ignores): the first here, the last at offset 0x1130",
        }));
    }

    [Test]
    public void Other_findings_stay_one_per_entry_beside_the_disabled_summary()
    {
        var off = Cpu0 with { Flags = ProcessorAffinityFlags.None };
        var findings = Check(Cpu0, off with { ApicId = 1 }, off with { ApicId = 2 }, off with { ApicId = 3 },
            Ram with { Reserved1 = 1 }, Ram with { BaseAddress = 0x8000_0000, Reserved1 = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(Single(findings, "disabled").ToString(), Is.EqualTo("offset 0x40 (64): info: 3 processor APIC entries are disabled (placeholders the kernel ignores): the first here, the last at offset 0x60"));
            Assert.That(findings.Where(f => f.Message.StartsWith("reserved1", StringComparison.Ordinal)).Select(f => f.Offset), Is.EqualTo(new[] { 0x70 + 6, 0x98 + 6 }));
            Assert.That(findings.Select(f => f.Offset), Is.Ordered);
        });
    }

    [Test]
    public void Disabled_generic_initiator_warns_that_later_cpu_entries_are_ignored()
    {
        var findings = Check(new GenericInitiatorAffinity { ProximityDomain = 0 }, Cpu0, Cpu0 with { ApicId = 1 }, Ram);
        Assert.That(Single(findings, "after this disabled generic initiator").Message, Does.StartWith("2 processor/x2APIC/generic initiator entries"));
    }

    [Test]
    public void Reserved_field_set_is_a_warning_at_its_offset()
    {
        var f = Single(Check(Ram with { Reserved2 = 7 }), "reserved2");
        Assert.That(f.Offset, Is.EqualTo(48 + 24));
    }

    [Test]
    public void Undefined_flag_bits_are_a_warning()
    {
        Assert.That(Single(Check(Ram with { Flags = MemoryAffinityFlags.Enabled | (MemoryAffinityFlags)0x40 }), "undefined flag bits").Message, Does.Contain("0x40"));
    }

    [Test]
    public void Table_shorter_than_48_bytes_is_a_warning()
    {
        var t = SratSamples.Build()[..40];
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 40);
        AcpiTableCodec.Seal(t, null);
        Assert.That(Single(SratChecker.Check(t), "48-byte").Offset, Is.EqualTo(4));
    }

    [Test]
    public void Table_shorter_than_48_bytes_is_not_blamed_for_the_revision_it_lacks()
    {
        var t = SratSamples.Build()[..40];
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 40);
        AcpiTableCodec.Seal(t, null);
        Assert.That(SratChecker.Check(t).Select(f => f.Message), Has.None.Contains("table revision"));
    }

    [Test]
    public void Cpu_domain_with_memory_listed_after_it_is_not_memoryless()
    {
        var cpu1 = Cpu0 with { ProximityDomain = 1, ApicId = 1 };
        var ram1 = Ram with { ProximityDomain = 1, BaseAddress = 0x8000_0000 };
        Assert.That(Check(Cpu0, cpu1, Ram, ram1), Is.Empty);
    }

    [Test]
    public void Memory_ranges_past_the_kernel_limit_are_reported_at_the_first_one_refused()
    {
        var ranges = Enumerable.Range(0, SratChecker.MaxMemoryRanges + 2)
            .Select(i => (SratSubtable)(Ram with { BaseAddress = (ulong)i << 30, Length = 1UL << 30 })).ToArray();
        var f = Single(Check(ranges), "too many memblk ranges");
        Assert.Multiple(() =>
        {
            Assert.That(f.Offset, Is.EqualTo(48 + SratChecker.MaxMemoryRanges * 40));
            Assert.That(f.Message, Does.StartWith($"{SratChecker.MaxMemoryRanges + 2} enabled memory ranges"));
        });
    }

    [Test]
    public void Structural_problems_are_findings_not_errors()
    {
        var t = SratSamples.Build(Cpu0, Ram);
        t[48 + 16 + 1] = 0;
        AcpiTableCodec.Seal(t, null);
        Assert.That(Single(SratChecker.Check(t), "length 0").Offset, Is.EqualTo(64));
    }

    [Test]
    public void Subtable_of_length_1_is_a_finding_at_its_offset_not_a_crash()
    {
        var t = SratSamples.Build(Cpu0, Ram);
        t[48 + 16 + 1] = 1;
        AcpiTableCodec.Seal(t, null);
        var f = Single(SratChecker.Check(t), "length 1");
        Assert.Multiple(() =>
        {
            Assert.That(f.Offset, Is.EqualTo(64));
            Assert.That(f.Severity, Is.EqualTo(AcpiSeverity.Warning));
            Assert.That(f.Message, Is.EqualTo("subtable type 1 (Memory Affinity) has length 1, shorter than the 2-byte subtable header (the kernel steps on by that 1 byte and reads the next subtable from the middle of this one)"));
        });
    }

    [Test]
    public void Truncated_header_is_still_an_error()
    {
        Assert.Throws<InputException>(() => SratChecker.Check(new byte[30]));
    }

    [Test]
    public void Processor_entry_longer_than_16_bytes_is_a_warning()
    {
        Assert.That(Single(Check(Cpu0 with { Extra = [0, 0, 0, 0] }, Ram), "exactly 16").Offset, Is.EqualTo(48));
    }

    [Test]
    public void Overlap_is_found_when_ranges_are_listed_out_of_address_order()
    {
        var f = Single(Check(Ram with { BaseAddress = 0x1_0000_0000 }, Ram with { ProximityDomain = 1, BaseAddress = 0xc000_0000 }, Ram), "overlaps");
        Assert.That(f.Message, Is.EqualTo("memory range [mem 0xc0000000-0x13fffffff] (PXM 1) overlaps [mem 0x100000000-0x17fffffff] (PXM 0) of the entry at offset 0x30"));
    }
}
