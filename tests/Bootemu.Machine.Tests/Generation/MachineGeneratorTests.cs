using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Srat;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine.Generation;
using Bootemu.Machine.E820;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Machine.Tests.Generation;

/// <summary>The generator's machines are valid for the kernel, deterministic, and read back from their YAML.</summary>
public class MachineGeneratorTests
{
    private static readonly MachineGeneratorOptions Sample = new() { Nodes = 4, EntriesPerNode = 3, CpusPerNode = 2, HotplugShare = 0.5, NodeSize = 6UL << 30 };

    [Test]
    public void Same_options_give_the_same_bytes()
    {
        var a = MachineGenerator.Generate(Sample);
        var b = MachineGenerator.Generate(Sample);
        Assert.That((a.FixtureYaml, a.Machine.Srat!.Value.ToArray()), Is.EqualTo((b.FixtureYaml, b.Machine.Srat!.Value.ToArray())));
    }

    [Test]
    public void Fixture_yaml_loads_back_to_the_same_machine()
    {
        var g = MachineGenerator.Generate(Sample);
        var loaded = MachineLoader.LoadFixture(g.FixtureYaml, "generated.yaml", ".");
        Assert.That(loaded.Srat!.Value.ToArray(), Is.EqualTo(g.Machine.Srat!.Value.ToArray()));
        Assert.That(loaded.Slit!.Value.ToArray(), Is.EqualTo(g.Machine.Slit!.Value.ToArray()));
        Assert.That(loaded.BiosE820.Entries, Is.EqualTo(g.Machine.BiosE820.Entries));
        Assert.That((loaded.Name, loaded.Description, loaded.CommandLine), Is.EqualTo((g.Machine.Name, g.Machine.Description, g.Machine.CommandLine)));
        Assert.That(loaded.AcpiTables, Is.EqualTo(g.Machine.AcpiTables));
    }

    [Test]
    public void Fixture_with_binary_table_files_loads_back_the_same_tables()
    {
        var g = MachineGenerator.Generate(Sample);
        string dir = Path.Combine(Path.GetTempPath(), $"bootemu-gen-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "m.srat.bin"), g.Machine.Srat!.Value.ToArray());
            File.WriteAllBytes(Path.Combine(dir, "m.slit.bin"), g.Machine.Slit!.Value.ToArray());
            var loaded = MachineLoader.LoadFixture(g.FixtureYamlWithTableFiles("m.srat.bin", "m.slit.bin"), "m.yaml", dir);
            Assert.That((loaded.Srat!.Value.ToArray(), loaded.Slit!.Value.ToArray()), Is.EqualTo((g.Machine.Srat!.Value.ToArray(), g.Machine.Slit!.Value.ToArray())));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Memory_entries_per_node_and_hotplug_share()
    {
        var srat = Srat.Decode(MachineGenerator.Generate(Sample).Machine.Srat!.Value.Span);
        var memory = srat.MemoryAffinities.ToList();
        Assert.That(memory.Count, Is.EqualTo(2 + 4 * 3)); // node 0's two low entries, then 3 per node
        Assert.That(memory.Where(m => m.HotPluggable).Select(m => m.ProximityDomain).Distinct(), Is.EqualTo(new[] { 2u, 3u }));
        Assert.That(memory.Where(m => m.ProximityDomain == 1).Sum(m => (double)m.Length), Is.EqualTo(6.0 * (1UL << 30)));
    }

    [Test]
    public void Node_0_is_never_hotpluggable()
    {
        var srat = Srat.Decode(MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = 2, HotplugShare = 1 }).Machine.Srat!.Value.Span);
        Assert.That(srat.MemoryAffinities.Where(m => m.HotPluggable).All(m => m.ProximityDomain == 1), Is.True);
    }

    [Test]
    public void Apic_ids_past_254_use_x2apic_entries()
    {
        var srat = Srat.Decode(MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = 2, CpusPerNode = 200 }).Machine.Srat!.Value.Span);
        Assert.That(srat.Subtables.OfType<ProcessorApicAffinity>().Count(), Is.EqualTo(255));
        Assert.That(srat.Subtables.OfType<ProcessorX2ApicAffinity>().Min(x => x.X2ApicId), Is.EqualTo(255u));
    }

    [Test]
    public void Slit_is_10_local_21_remote()
    {
        var slit = Slit.Decode(MachineGenerator.Generate(Sample).Machine.Slit!.Value.Span);
        Assert.That((slit.LocalityCount, slit.Distance(1, 1), slit.Distance(1, 3)), Is.EqualTo((4, (byte)10, (byte)21)));
    }

    [Test]
    public void One_node_machine_has_no_slit() =>
        Assert.That(MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = 1 }).Machine.Slit.HasValue, Is.False);

    [Test]
    public void E820_ram_is_exactly_the_srat_memory_below_the_tables()
    {
        var m = MachineGenerator.Generate(Sample with { Holes = HolePattern.BetweenEntries }).Machine;
        var srat = Srat.Decode(m.Srat!.Value.Span);
        var ram = m.BiosE820.Entries.Where(e => e.Type == E820Type.Ram && e.Addr >= 1UL << 32).Select(e => (e.Addr, e.Size));
        Assert.That(ram, Is.EqualTo(srat.MemoryAffinities.Where(a => a.BaseAddress >= 1UL << 32).Select(a => (a.BaseAddress, a.Length))));
    }

    [Test]
    public void Holes_between_nodes_leave_a_gigabyte_out_of_srat_and_e820()
    {
        var m = MachineGenerator.Generate(Sample with { Holes = HolePattern.BetweenNodes }).Machine;
        var node1 = Srat.Decode(m.Srat!.Value.Span).MemoryAffinities.Where(a => a.ProximityDomain == 1).ToList();
        const ulong G = 1UL << 30;
        Assert.That(node1[0].BaseAddress, Is.EqualTo(4 * G + 6 * G + G)); // node 0's 6 GiB from 4 GiB, then the hole
        Assert.That(m.BiosE820.Entries.Any(e => e.Type == E820Type.Ram && e.Addr < 11 * G && e.End > 10 * G), Is.False);
    }

    [Test]
    public void Total_is_shared_equally_by_the_nodes() =>
        Assert.That(Srat.Decode(MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = 4, Total = 64UL << 30 }).Machine.Srat!.Value.Span)
            .MemoryAffinities.Where(a => a.ProximityDomain == 3).Sum(a => (double)a.Length), Is.EqualTo((double)(16UL << 30)));

    [Test]
    public void Acpi_tables_sit_in_an_acpi_data_range()
    {
        var m = MachineGenerator.Generate(Sample).Machine;
        foreach (var t in m.AcpiTables)
            Assert.That(m.BiosE820.Entries.Any(e => e.Type == E820Type.Acpi && e.Addr <= t.Address && e.End >= t.End), Is.True, t.Signature);
    }

    [Test]
    public void Sixty_four_thousand_entries_can_be_generated_for_benchmarks()
    {
        var m = MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = 1024, EntriesPerNode = 64, CpusPerNode = 1, NodeSize = 8UL << 30, Slit = false }).Machine;
        Assert.That(Srat.Decode(m.Srat!.Value.Span).MemoryAffinities.Count(), Is.EqualTo(2 + 65536));
    }

    [Test]
    public void Generated_machine_passes_the_kernels_e820_setup()
    {
        var m = MachineGenerator.Generate(Sample).Machine;
        var log = new KernelLog();
        var (maxPfn, _) = m.BiosE820.MemorySetup(log).TrimBiosRange(log).FindMaxPfns(log);
        Assert.That(maxPfn, Is.EqualTo(Pfn.Down((4UL << 30) + 4 * (6UL << 30))));
    }

    [TestCase(0)]
    [TestCase(1025)]
    public void Node_count_outside_the_kernels_range_is_refused(int nodes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MachineGenerator.Generate(new MachineGeneratorOptions { Nodes = nodes }));

    [Test]
    public void Node_too_small_for_its_entries_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MachineGenerator.Generate(new MachineGeneratorOptions { EntriesPerNode = 4, NodeSize = 256UL << 20 }));

    [Test]
    public void Fixture_file_is_not_overwritten_without_force()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bootemu-fixture-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "precious");
            var e = Assert.Throws<InputException>(() => FixtureFile.Write(path, "new", force: false));
            Assert.That((e!.Message, File.ReadAllText(path)), Is.EqualTo(("the file exists; pass --force to replace it", "precious")));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void Fixture_file_is_replaced_with_force()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bootemu-fixture-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "old");
            FixtureFile.Write(path, "new", force: true);
            Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        }
        finally { File.Delete(path); }
    }
}
