using Bootemu.Acpi.Srat;
using Bootemu.Core.Logging;
using Bootemu.Tests.Shared;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Machine.Tests.Fixtures;

/// <summary>Every fixture in firmware-tables/ loads and describes the machine it says it does.</summary>
public class FirmwareTablesTests
{
    private static IEnumerable<string> Fixtures() =>
        Directory.GetFiles(RepoPaths.FirmwareTables, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static MachineDescription Load(string name) => MachineLoader.LoadFixture(Path.Combine(RepoPaths.FirmwareTables, name));

    [Test]
    public void The_six_fixtures_of_the_brief_are_there() =>
        Assert.That(Fixtures(), Is.SupersetOf(new[]
        {
            "desktop-1node.yaml", "two-socket-hotplug.yaml", "four-node-2hotplug-hole.yaml",
            "qemu-vm-dimm.yaml", "x2apic-gi.yaml", "generated-large.yaml",
        }));

    [TestCaseSource(nameof(Fixtures))]
    public void Fixture_loads_with_a_decodable_srat(string name)
    {
        var m = Load(name);
        Assert.That(m.Srat, Is.Not.Null);
        var srat = Srat.Decode(m.Srat!.Value.Span);
        Assert.That(srat.MemoryAffinities, Is.Not.Empty);
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Fixture_srat_covers_all_e820_ram(string name)
    {
        // The kernel's coverage check (numa_meminfo_cover_memory) falls back to one fake node when
        // SRAT memory misses e820 RAM; a starting-point fixture must not trip it.
        var m = Load(name);
        var ranges = Srat.Decode(m.Srat!.Value.Span).MemoryAffinities.Where(a => a.Enabled).Select(a => (a.BaseAddress, End: a.BaseAddress + a.Length)).ToList();
        foreach (var e in m.BiosE820.Sanitize().Entries.Where(e => e.Type == E820Type.Ram))
            Assert.That(Covered(ranges, e.Addr, e.End), Is.True, $"e820 RAM {e.Addr:x}-{e.End:x} outside the SRAT");
    }

    private static bool Covered(List<(ulong Base, ulong End)> ranges, ulong start, ulong end)
    {
        foreach (var (b, e) in ranges.OrderBy(r => r.Base))
            if (b <= start && e > start) start = e;
        return start >= end;
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Fixture_e820_survives_the_kernels_setup(string name)
    {
        var m = Load(name);
        var log = new KernelLog();
        var options = KernelCommandLine.Parse(m.CommandLine);
        var e820 = m.BiosE820.MemorySetup(log).ApplyCommandLine(options, log).TrimBiosRange(log);
        Assert.That(e820.TotalBytes(E820Type.Ram), Is.GreaterThan(1UL << 30));
    }

    [Test]
    public void Default_machine_has_a_hotpluggable_node_1_and_boots_movable_node()
    {
        var m = Load("two-socket-hotplug.yaml");
        var memory = Srat.Decode(m.Srat!.Value.Span).MemoryAffinities.ToList();
        Assert.That(memory.Where(a => a.HotPluggable).Select(a => a.ProximityDomain).Distinct(), Is.EqualTo(new[] { 1u }));
        Assert.That(KernelCommandLine.Parse(m.CommandLine).MovableNode, Is.True);
        Assert.That(m.BiosE820.Entries.Any(e => e.Addr == 0x80000000 && e.Type == E820Type.Reserved), Is.True, "PCI hole");
    }

    [Test]
    public void Qemu_vm_device_memory_is_not_populated_at_boot()
    {
        var m = Load("qemu-vm-dimm.yaml");
        Assert.That(m.NotPopulatedAtBoot, Is.Not.Empty);
        foreach (var (b, s) in m.NotPopulatedAtBoot)
            Assert.That(m.BiosE820.Entries.Any(e => e.Type == E820Type.Ram && e.Addr < b + s && e.End > b), Is.False);
    }

    [Test]
    public void X2apic_gi_has_x2apic_and_generic_initiator_entries()
    {
        var srat = Srat.Decode(Load("x2apic-gi.yaml").Srat!.Value.Span);
        Assert.That(srat.Subtables.OfType<ProcessorX2ApicAffinity>().Any(x => x.X2ApicId > 0xff), Is.True);
        Assert.That(srat.Subtables.OfType<GenericInitiatorAffinity>(), Is.Not.Empty);
    }
}
