using Bootemu.Tests.Shared;
using Bootemu.Machine.E820;
using Bootemu.Machine.Logs;

namespace Bootemu.Machine.Tests.Logs;

/// <summary>BootLogFacts on the real boots' console logs against the facts expected.json parsed from them.</summary>
public class BootLogFactsTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Ramdisk_matches_the_expected_line(string name)
    {
        var c = ConformanceCase.Load(name);
        var facts = BootLogFacts.Parse(c.ConsoleLog, "console.log");
        var (start, end) = facts.Ramdisk!.Value;
        Assert.That($"RAMDISK: [mem 0x{start:x}-0x{end - 1:x}]", Is.EqualTo(c.Expected.GetProperty("ramdisk").GetString()));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Acpi_reservations_match_the_expected_lines(string name)
    {
        var c = ConformanceCase.Load(name);
        var facts = BootLogFacts.Parse(c.ConsoleLog, "console.log");
        var expected = c.Expected.GetProperty("acpi_table_reservations").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.That(facts.AcpiReservations.Select(t => $"ACPI: Reserving {t.Signature} table memory at [mem 0x{t.Address:x8}-0x{t.End - 1:x8}]"),
            Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Acpi_listing_holds_every_table_the_guest_had(string name)
    {
        var c = ConformanceCase.Load(name);
        var facts = BootLogFacts.Parse(c.ConsoleLog, "console.log");
        var expected = c.Expected.GetProperty("acpi_tables").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.That(facts.AcpiTables.Select(t => t.Signature).Where(s => s is not ("RSDP" or "RSDT" or "XSDT")).Order(), Is.EqualTo(expected.Order()));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.KernelConformanceCases))]
    public void Possible_cpus_are_the_setup_percpu_lines_nr_cpu_ids(string kernel, string name)
    {
        var c = ConformanceCase.Load(name, kernel);
        var facts = BootLogFacts.Parse(c.ConsoleLog, "console.log");
        string line = c.Expected.GetProperty("setup_percpu").GetString()!;
        Assert.That(facts.PossibleCpus, Is.EqualTo(int.Parse(line[(line.IndexOf("nr_cpu_ids:", StringComparison.Ordinal) + "nr_cpu_ids:".Length)..].Split(' ')[0])));
    }

    [Test]
    public void A_log_without_the_setup_percpu_line_tells_no_cpu_count() =>
        Assert.That(BootLogFacts.Parse("[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n", "log").PossibleCpus, Is.Null);

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Command_line_is_the_boots_own(string name)
    {
        var c = ConformanceCase.Load(name);
        Assert.That(BootLogFacts.Parse(c.ConsoleLog, "console.log").CommandLine, Is.EqualTo(c.Expected.GetProperty("command_line_dmesg").GetString()));
    }

    [Test]
    public void Srat_listing_gives_address_and_length()
    {
        var c = ConformanceCase.Load("srat2_mem_limit_partial_node1");
        var srat = BootLogFacts.Parse(c.ConsoleLog, "console.log").AcpiTables.Single(t => t.Signature == "SRAT");
        Assert.That(srat, Is.EqualTo(new AcpiTableLocation("SRAT", 0x7FFE22CB, 0xF0)));
    }

    [Test]
    public void Facs_listing_without_header_details_is_read() =>
        Assert.That(BootLogFacts.Parse("[    0.050082] ACPI: FACS 0x000000007FFE0000 000040\n", "x").AcpiTables,
            Is.EqualTo(new[] { new AcpiTableLocation("FACS", 0x7FFE0000, 0x40) }));

    [Test]
    public void Log_without_any_known_line_gives_no_facts()
    {
        var facts = BootLogFacts.Parse("nothing here\n", "x");
        Assert.That((facts.BiosE820, facts.Ramdisk, facts.AcpiTables.Count, facts.CommandLine), Is.EqualTo(((E820Table?)null, ((ulong, ulong)?)null, 0, (string?)null)));
    }

    [Test]
    public void Malformed_ramdisk_line_names_its_line()
    {
        var e = Assert.Throws<Bootemu.Core.InputException>(() => BootLogFacts.Parse("a\nb\nRAMDISK: [mem 0x10-]\n", "log"));
        Assert.That(e!.Location, Is.EqualTo("log:3"));
    }
}
