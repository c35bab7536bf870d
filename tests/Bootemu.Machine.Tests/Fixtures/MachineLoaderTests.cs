using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Tests.Shared;
using Bootemu.Machine.Fixtures;
using Bootemu.Machine.Logs;

namespace Bootemu.Machine.Tests.Fixtures;

/// <summary>The fixture format and the raw-file loader, including every kind of bad input with its line:col.</summary>
public class MachineLoaderTests
{
    private const string Srat = """
        srat:
          entries:
            - apic: {pxm: 0, apic_id: 0, enabled: true}
            - memory: {pxm: 0, base: 0x0, length: 0xa0000, enabled: true}
            - memory: {pxm: 0, base: 0x100000, length: 0x7ff00000, enabled: true}
            - memory: {pxm: 1, base: 4G, length: 4G, enabled: true, hotpluggable: true}
        """;

    private const string E820 = """
        e820:
          - {base: 0x0, size: 0x9fc00, type: usable}
          - {base: 0x100000, size: 0x7ff00000, type: 1}
          - {base: 4G, size: 4G, type: usable}
        """;

    private static MachineDescription Load(string yaml) => MachineLoader.LoadFixture(yaml, "m.yaml", RepoPaths.Root);

    private static string Error(string yaml) => Assert.Throws<InputException>(() => Load(yaml))!.OneLine;

    [Test]
    public void Minimal_fixture_loads_every_key()
    {
        var m = Load($"""
            name: box
            description: a box
            cmdline: movable_node
            kernel: {"{"}base: 16M, size: 32M{"}"}
            initrd: {"{"}base: 0x7f000000, size: 0x1000000{"}"}
            acpi_tables:
              - {"{"}signature: SRAT, address: 0x7ffe0000, length: 0x100{"}"}
            not_populated_at_boot:
              - {"{"}base: 8G, size: 4G{"}"}
            {E820}
            {Srat}
            slit:
              distances: [[10, 20], [20, 10]]
            """);
        Assert.That((m.Name, m.Description, m.CommandLine), Is.EqualTo(("box", "a box", "movable_node")));
        Assert.That(m.KernelImage, Is.EqualTo((16UL << 20, 48UL << 20)));
        Assert.That(m.Initrd, Is.EqualTo((0x7f000000UL, 0x80000000UL)));
        Assert.That(m.AcpiTables, Is.EqualTo(new[] { new AcpiTableLocation("SRAT", 0x7ffe0000, 0x100) }));
        Assert.That(m.NotPopulatedAtBoot, Is.EqualTo(new[] { (8UL << 30, 4UL << 30) }));
        Assert.That(m.BiosE820.Count, Is.EqualTo(3));
        Assert.That(m.Slit!.Value.Length, Is.EqualTo(44 + 4));
        Assert.That((m.E820DerivedFromSrat, m.Notes.Count), Is.EqualTo((false, 0)));
    }

    [Test]
    public void Inline_srat_encodes_to_a_table_the_acpi_reader_takes_back()
    {
        var m = Load(E820 + "\n" + Srat);
        var srat = Bootemu.Acpi.Srat.Srat.Decode(m.Srat!.Value.Span);
        Assert.That(srat.MemoryAffinities.Count(), Is.EqualTo(3));
    }

    [Test]
    public void Without_e820_ram_is_the_srat_memory_minus_the_unpopulated_part()
    {
        var m = Load(Srat + "\nnot_populated_at_boot:\n  - {base: 6G, size: 2G}\n");
        Assert.That(m.E820DerivedFromSrat, Is.True);
        Assert.That(m.BiosE820.Entries.Select(e => (e.Addr, e.End)), Is.EqualTo(new[] { (0UL, 0xa0000UL), (0x100000UL, 0x80000000UL), (4UL << 30, 6UL << 30) }));
        Assert.That(m.Notes.Single(), Does.StartWith("no e820 map: RAM is taken to be the enabled SRAT memory ranges minus the not_populated_at_boot ones"));
    }

    [Test]
    public void Without_e820_an_srat_range_across_4_GiB_leaves_the_pci_hole_out_of_ram()
    {
        var m = Load("""
            srat:
              entries:
                - memory: {pxm: 0, base: 0x0, length: 0x440000000, enabled: true}
            """);
        Assert.That(m.BiosE820.Entries.Select(e => (e.Addr, e.End)),
            Is.EqualTo(new[] { (0x0UL, 0xc0000000UL), (0x100000000UL, 0x440000000UL) }));
        Assert.That(m.Notes, Has.One.Contains("covers the 32-bit PCI hole: [mem 0x00000000c0000000-0x00000000ffffffff] is assumed to be MMIO"));
    }

    [Test]
    public void Without_e820_an_srat_range_below_the_fixed_mmio_stays_ram()
    {
        var m = Load("""
            srat:
              entries:
                - memory: {pxm: 0, base: 0x0, length: 0xe0000000, enabled: true}
            """);
        Assert.That(m.BiosE820.Entries.Select(e => (e.Addr, e.End)), Is.EqualTo(new[] { (0x0UL, 0xe0000000UL) }));
        Assert.That(m.Notes, Has.None.Contains("PCI hole"));
    }

    [Test]
    public void Neither_e820_nor_srat_is_an_error() =>
        Assert.That(Error("name: x\n"), Is.EqualTo("m.yaml:1:1: the fixture needs an 'e820' map, or an 'srat' whose memory ranges can stand for it"));

    [Test]
    public void Unknown_key_names_its_line_and_column() =>
        Assert.That(Error(E820 + "\nsrta: {}\n"), Does.StartWith("m.yaml:5:1: unknown key 'srta'"));

    [Test]
    public void Unknown_key_inside_an_e820_entry() =>
        Assert.That(Error("e820:\n  - {base: 0, size: 1M, type: usable, node: 1}\n"), Does.StartWith("m.yaml:2:39: unknown key 'node'"));

    [Test]
    public void Wrong_type_for_e820() =>
        Assert.That(Error("e820: 42\n"), Is.EqualTo("m.yaml:1:7: expected a list, found a value"));

    [Test]
    public void Negative_address_is_refused() =>
        Assert.That(Error("e820:\n  - {base: -4096, size: 1M, type: usable}\n"), Does.StartWith("m.yaml:2:12: '-4096' is negative"));

    [Test]
    public void Range_past_2_64_is_refused() =>
        Assert.That(Error("e820:\n  - {base: 0xffffffffffff0000, size: 1M, type: usable}\n"), Is.EqualTo("m.yaml:2:12: base 0xffffffffffff0000 + size 0x100000 goes past 2^64"));

    [Test]
    public void Address_over_64_bits_is_refused() =>
        Assert.That(Error("e820:\n  - {base: 0x10000000000000000, size: 1M, type: usable}\n"), Does.Contain("does not fit in 64 bits"));

    [Test]
    public void Unknown_e820_type_is_refused() =>
        Assert.That(Error("e820:\n  - {base: 0, size: 1M, type: ram}\n"), Does.StartWith("m.yaml:2:31: unknown e820 type 'ram'"));

    [Test]
    public void Kernel_version_is_read_with_its_place() =>
        Assert.That(Load(E820 + "\nkernel: \"6.1\"\n").Kernel, Is.EqualTo(new KernelChoice("6.1", "m.yaml:5:9")));

    [Test]
    public void Kernel_version_and_image_together()
    {
        var m = Load(E820 + "\nkernel: {version: \"6.12\", base: 16M, size: 32M}\n");
        Assert.That((m.Kernel?.Version, m.KernelImage), Is.EqualTo(("6.12", ((ulong, ulong)?)(16UL << 20, 48UL << 20))));
    }

    [Test]
    public void Kernel_image_alone_leaves_the_version_to_the_user() =>
        Assert.That(Load(E820 + "\nkernel: {base: 16M, size: 32M}\n").Kernel, Is.Null);

    [Test]
    public void Memory_devices_are_read_with_an_optional_node()
    {
        var m = Load(E820 + "\nmemory_devices:\n  - {base: 6G, size: 1G, node: 1}\n  - {base: 7G, size: 1G}\n");
        Assert.That(m.MemoryDevices, Is.EqualTo(new[] { new MemoryDevice(6UL << 30, 1UL << 30, 1), new MemoryDevice(7UL << 30, 1UL << 30, null) }));
    }

    [Test]
    public void Memory_device_with_an_unknown_field_is_refused() =>
        Assert.That(Error(E820 + "\nmemory_devices:\n  - {base: 6G, size: 1G, slot: 2}\n"), Does.Contain("slot"));

    [Test]
    public void Kernel_range_past_2_64_is_refused() =>
        Assert.That(Error(E820 + "\nkernel: {base: 0xfffffffffff00000, size: 2M}\n"), Does.EndWith("base 0xfffffffffff00000 + size 0x200000 goes past 2^64"));

    [Test]
    public void Initrd_ending_exactly_at_2_64_is_refused() =>
        Assert.That(Error(E820 + "\ninitrd: {base: 0xfffffffffff00000, size: 1M}\n"), Does.EndWith("base 0xfffffffffff00000 + size 0x100000 goes past 2^64"));

    [Test]
    public void Acpi_signature_must_be_four_characters() =>
        Assert.That(Error(E820 + "\nacpi_tables:\n  - {signature: SRA, address: 0, length: 1}\n"), Does.Contain("an ACPI signature is 4 printable characters"));

    [Test]
    public void Aliases_are_refused() =>
        Assert.That(Error("e820: &m\n  - {base: 0, size: 1M, type: usable}\nsrat: *m\n"), Does.Contain("anchors and aliases are refused"));

    [Test]
    public void Missing_srat_file_is_reported_where_the_fixture_names_it() =>
        Assert.That(Error(E820 + "\nsrat: {file: nowhere/srat.bin}\n"), Does.StartWith("m.yaml:5:14: cannot read '").And.EndWith("nowhere/srat.bin': no such file"));

    [Test]
    public void Missing_e820_file_is_reported_where_the_fixture_names_it() =>
        Assert.That(Error("e820: {file: dmesg-gone.txt}\n"), Does.StartWith("m.yaml:1:14: cannot read '").And.EndWith("dmesg-gone.txt': no such file"));

    [Test]
    public void File_reference_allows_no_other_key() =>
        Assert.That(Error(E820 + "\nsrat: {file: x.bin, revision: 3}\n"), Does.StartWith("m.yaml:5:21: unknown key 'revision'"));

    [Test]
    public void Srat_and_e820_from_files_of_a_real_boot()
    {
        var m = Load("""
            e820: {file: tests/conformance/srat2_hp1_movable_node/console.log}
            srat: {file: tests/conformance/srat2_hp1_movable_node/srat.bin}
            """);
        Assert.That(m.Srat!.Value.ToArray(), Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.ConformanceCase("srat2_hp1_movable_node"), "srat.bin"))));
        Assert.That(m.BiosE820.Count, Is.EqualTo(10));
    }

    [Test]
    public void Srat_from_acpidump_text()
    {
        byte[] bin = File.ReadAllBytes(Path.Combine(RepoPaths.ConformanceCase("srat2_default"), "srat.bin"));
        string dir = Path.Combine(Path.GetTempPath(), $"bootemu-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // acpidump lists the FADT before the SRAT; the SRAT must be picked out from among the tables.
            byte[] facp = new byte[36];
            "FACP"u8.CopyTo(facp);
            File.WriteAllText(Path.Combine(dir, "acpi.txt"), AcpiDump.Write(new[] { new AcpiDumpTable("FACP", 0x7ffe20bb, facp, 0), new AcpiDumpTable("SRAT", 0x7ffe22cb, bin, 0) }));
            var m = MachineLoader.LoadFixture(E820 + "\nsrat: {file: acpi.txt}\n", "m.yaml", dir);
            Assert.That(m.Srat!.Value.ToArray(), Is.EqualTo(bin));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Srat_of_another_size_than_the_log_reserved_is_noted()
    {
        var m = MachineLoader.FromFiles(Path.Combine(RepoPaths.ConformanceCase("srat4_hp23_movable_node"), "srat.bin"), null,
            Path.Combine(RepoPaths.ConformanceCase("srat2_default"), "console.log"), null);
        Assert.That(m.Notes, Has.One.Contains("is 320 bytes long, but the log's kernel reserved an SRAT of 200 bytes at 0x7ffe22cb"));
    }

    [Test]
    public void Srat_of_the_size_the_log_reserved_is_not_noted()
    {
        string dir = RepoPaths.ConformanceCase("srat2_default");
        var m = MachineLoader.FromFiles(Path.Combine(dir, "srat.bin"), null, Path.Combine(dir, "console.log"), null);
        Assert.That(m.Notes, Has.None.Contains("kernel reserved"));
    }

    [Test]
    public void From_files_takes_initrd_tables_and_command_line_from_the_log()
    {
        string dir = RepoPaths.ConformanceCase("srat2_mem_limit_partial_node1");
        var m = MachineLoader.FromFiles(Path.Combine(dir, "srat.bin"), null, Path.Combine(dir, "console.log"), null);
        Assert.That(m.Initrd, Is.EqualTo((0x7fee4000UL, 0x7ffe0000UL)));
        Assert.That(m.AcpiTables.Select(t => t.Signature), Is.EqualTo(new[] { "FACP", "DSDT", "FACS", "APIC", "HPET", "MCFG", "WAET", "SRAT" }));
        Assert.That(m.CommandLine, Is.EqualTo("console=ttyS0,115200 loglevel=8 ignore_loglevel nokaslr panic=-1 rdinit=/init mem=7G"));
        Assert.That(m.BiosE820.Count, Is.EqualTo(10));
    }

    [Test]
    public void From_files_without_a_map_or_table_is_an_error() =>
        Assert.Throws<InputException>(() => MachineLoader.FromFiles(null, null, null, null));

    [Test]
    public void From_files_with_a_log_lacking_e820_lines_is_an_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bootemu-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(path, "Linux version 6.1\n");
            var e = Assert.Throws<InputException>(() => MachineLoader.FromFiles(null, null, path, null));
            Assert.That(e!.Message, Does.StartWith("no 'BIOS-e820:"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void Fixture_without_srat_or_slit_has_none() =>
        Assert.That((Load(E820).Srat.HasValue, Load(E820).Slit.HasValue), Is.EqualTo((false, false)));

    [Test]
    public void Acpidump_without_slit_gives_no_slit()
    {
        byte[] bin = File.ReadAllBytes(Path.Combine(RepoPaths.ConformanceCase("srat2_default"), "srat.bin"));
        string path = Path.Combine(Path.GetTempPath(), $"bootemu-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, AcpiDump.Write(new[] { new AcpiDumpTable("SRAT", 0x7ffe22cb, bin, 0) }));
            var m = MachineLoader.FromFiles(null, path, null, null);
            Assert.That((m.Srat!.Value.Length, m.Slit.HasValue, m.E820DerivedFromSrat), Is.EqualTo((bin.Length, false, true)));
            Assert.That(m.AcpiTables, Is.EqualTo(new[] { new AcpiTableLocation("SRAT", 0x7ffe22cb, (ulong)bin.Length) }));
        }
        finally { File.Delete(path); }
    }
}
