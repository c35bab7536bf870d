using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using Bootemu.Machine;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>numa=off, numa=noacpi, acpi=off and a machine without SRAT (docs/linux-6.1-boot-memory.md §4.6).</summary>
[TestFixture]
public sealed class NumaOptionTests
{
    private static byte[] TwoNodes() => new SratBuilder().Cpu(0, 0).Cpu(1, 1).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();

    private static readonly string[] NoNuma =
    {
        "No NUMA configuration found",
        "Faking a node at [mem 0x0000000000000000-0x000000017fffffff]",
        "NODE_DATA(0) allocated [mem 0x17ffd5000-0x17fffffff]",
    };

    [Test]
    public void Numa_off_fakes_one_node_without_reading_the_srat()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), options: new BootOptions { Numa = NumaMode.Off });
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Is.EqualTo(new[] { "NUMA turned off" }.Concat(NoNuma.Skip(1))));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.NumaOff));
            Assert.That(result.PxmToNode(0), Is.EqualTo(NumaConstants.NoNode));
        });
    }

    [Test]
    public void Numa_noacpi_walks_the_srat_silently_and_finds_no_configuration()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), options: new BootOptions { Numa = NumaMode.NoAcpi });
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Is.EqualTo(NoNuma));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.NumaNoAcpi));
        });
    }

    [Test]
    public void Acpi_off_finds_no_configuration()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), options: new BootOptions { AcpiOff = true });
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Is.EqualTo(NoNuma));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.AcpiOff));
        });
    }

    [Test]
    public void Machine_without_srat_finds_no_configuration()
    {
        var machine = TwoRanges();
        var result = machine.Run(srat: null);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Is.EqualTo(NoNuma));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.NoSrat));
            Assert.That(result.Meminfo, Is.EqualTo(new[] { new NumaMemblk(0, 6 * G, 0) }));
        });
    }

    [Test]
    public void Srat_with_only_disabled_memory_still_prints_its_cpus()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Cpu(0, 0).Memory(0, 0, 2 * G, enabled: false).Build();
        var result = machine.Run(srat);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Is.EqualTo(new[] { "SRAT: PXM 0 -> APIC 0x00 -> Node 0" }.Concat(NoNuma)));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.NoMemoryEntries));
        });
    }

    [Test]
    public void Two_machines_in_one_process_do_not_share_pxm_maps()
    {
        var first = TwoRanges();
        first.Run(new SratBuilder().Memory(7, 0, 2 * G).Memory(8, 4 * G, 2 * G).Build());
        var second = TwoRanges();
        var result = second.Run(new SratBuilder().Memory(8, 0, 2 * G).Memory(7, 4 * G, 2 * G).Build());
        Assert.That(result.PxmMappings, Is.EqualTo(new[] { (8, 0), (7, 1) }));
    }
}
