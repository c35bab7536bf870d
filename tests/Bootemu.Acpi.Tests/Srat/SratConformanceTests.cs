using System.Text.RegularExpressions;
using Bootemu.Acpi.Srat;
using Bootemu.Core.Printk;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

/// <summary>The SRAT binaries real Linux 6.1 guests booted with, against what those kernels printed about them.</summary>
public class SratConformanceTests
{
    private static byte[] Bin(string c) => ConformanceCase.Load(c).Srat;
    private static string Log(string c) => ConformanceCase.Load(c).ConsoleLog;

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Encode_of_decode_is_byte_identical(string c)
    {
        var bytes = Bin(c);
        Assert.That(SratTable.Decode(bytes).Encode(), Is.EqualTo(bytes));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Header_fields_match_the_kernel_table_listing(string c)
    {
        var m = Regex.Match(Log(c), @"ACPI: SRAT 0x([0-9A-F]{16}) .*\)");
        Assert.That(m.Success, "the boot log lists the SRAT");
        ulong address = Convert.ToUInt64(m.Groups[1].Value, 16);
        var srat = SratTable.Decode(Bin(c));
        Assert.That(srat.Header.BootLine(address), Is.EqualTo(m.Value));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Memory_entries_are_those_the_kernel_printed(string c)
    {
        var log = Log(c);
        if (!log.Contains("ACPI: SRAT: Node")) Assert.Ignore("this boot printed no SRAT memory lines (NUMA off or SRAT unused)");
        var printed = Regex.Matches(log, @"ACPI: SRAT: Node \d+ PXM (\d+) (\[mem [^\]]+\])( hotplug)?")
            .Select(x => $"PXM {x.Groups[1].Value} {x.Groups[2].Value}{x.Groups[3].Value}").Distinct().ToList();
        var decoded = SratTable.Decode(Bin(c)).MemoryAffinities
            .Where(e => e.Enabled && e.Length != 0)
            .Select(e => $"PXM {e.ProximityDomain} {Printk.Mem10(e.BaseAddress, e.BaseAddress + e.Length - 1)}{(e.HotPluggable ? " hotplug" : "")}")
            .ToList();
        Assert.That(decoded, Is.EqualTo(printed));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Processor_entries_are_those_the_kernel_printed(string c)
    {
        var log = Log(c);
        var printed = Regex.Matches(log, @"SRAT: PXM (\d+) -> APIC (0x[0-9a-f]+) -> Node \d+")
            .Select(x => $"PXM {x.Groups[1].Value} APIC {x.Groups[2].Value}").Distinct().ToList();
        if (printed.Count == 0) Assert.Ignore("this boot printed no SRAT CPU lines");
        var decoded = SratTable.Decode(Bin(c)).Subtables.OfType<ProcessorApicAffinity>()
            .Where(e => e.Enabled)
            .Select(e => $"PXM {e.ProximityDomain} APIC 0x{e.ApicId:x2}")
            .ToList();
        Assert.That(decoded, Is.EqualTo(printed));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Field_values_match_the_iasl_listing(string c)
    {
        var dsl = ConformanceCase.Load(c).IaslListing;
        var srat = SratTable.Decode(Bin(c));
        var bases = Regex.Matches(dsl, @"Base Address : ([0-9A-F]{16})").Select(x => Convert.ToUInt64(x.Groups[1].Value, 16));
        var lengths = Regex.Matches(dsl, @"Address Length : ([0-9A-F]{16})").Select(x => Convert.ToUInt64(x.Groups[1].Value, 16));
        var types = Regex.Matches(dsl, @"Subtable Type : ([0-9A-F]{2})").Select(x => Convert.ToByte(x.Groups[1].Value, 16));
        var checksum = Convert.ToByte(Regex.Match(dsl, @"Checksum : ([0-9A-F]{2})").Groups[1].Value, 16);
        Assert.Multiple(() =>
        {
            Assert.That(srat.MemoryAffinities.Select(m => m.BaseAddress), Is.EqualTo(bases));
            Assert.That(srat.MemoryAffinities.Select(m => m.Length), Is.EqualTo(lengths));
            Assert.That(srat.Subtables.Select(s => (byte)s.Type), Is.EqualTo(types));
            Assert.That(srat.Header.Checksum, Is.Null, "a correct checksum is not kept");
            Assert.That(Bin(c)[9], Is.EqualTo(checksum));
        });
    }
}
