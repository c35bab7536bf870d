using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>The per-type SRAT handlers of acpi_numa_init on x86 (drivers/acpi/numa/srat.c, arch/x86/mm/srat.c).</summary>
[TestFixture]
public sealed class SratHandlerTests
{
    private static SratBuilder TwoNodes(byte revision = 3) =>
        new SratBuilder { Revision = revision }.Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G);

    [Test]
    public void Result_carries_the_srat_revision_the_handlers_read()
    {
        var result = TwoRanges().Run(TwoNodes(revision: 1).Build());
        Assert.That(result.SratRevision, Is.EqualTo(1));
    }

    [Test]
    public void Short_cpu_entry_disables_the_whole_srat()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Cpu(0, 0, length: 12).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();
        var result = machine.Run(srat);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines.Take(2), Is.EqualTo(new[] { "ACPI: SRAT: SRAT not used.", "No NUMA configuration found" }));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.SratDisabled));
        });
    }

    [Test]
    public void Short_x2apic_entry_disables_the_whole_srat()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().X2Apic(0, 0, length: 20).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines[0], Is.EqualTo("ACPI: SRAT: SRAT not used."));
    }

    [Test]
    public void Short_memory_entry_prints_its_length_and_disables_the_srat()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(0, 0, 2 * G, length: 32).Memory(1, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines.Take(3), Is.EqualTo(new[]
        {
            "ACPI: SRAT: Unexpected header length: 32",
            "ACPI: SRAT: SRAT not used.",
            "No NUMA configuration found",
        }));
    }

    [Test]
    public void Pxm_1024_is_too_many_proximity_domains()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(1024, 4 * G, 2 * G).Build();
        var result = machine.Run(srat);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines.Take(3), Is.EqualTo(new[]
            {
                "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
                "ACPI: SRAT: Too many proximity domains.",
                "ACPI: SRAT: SRAT not used.",
            }));
            Assert.That(result.UsedDummy, Is.True);
        });
    }

    [Test]
    public void Pxm_1023_is_accepted()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(1023, 0, 2 * G).Memory(1023, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines[0], Is.EqualTo("ACPI: SRAT: Node 0 PXM 1023 [mem 0x00000000-0x7fffffff]"));
    }

    [Test]
    public void Cpu_pxm_of_1024_prints_the_x86_line_in_hex_and_disables_the_srat()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Cpu(0x400, 0).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines.Take(2), Is.EqualTo(new[] { "SRAT: Too many proximity domains 400", "ACPI: SRAT: SRAT not used." }));
    }

    [Test]
    public void Revision_1_masks_the_memory_pxm_to_8_bits()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder { Revision = 1 }.Memory(0x105, 0, 2 * G).Memory(0x205, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines.Take(2), Is.EqualTo(new[]
        {
            "ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0x7fffffff]",
            "ACPI: SRAT: Node 0 PXM 5 [mem 0x100000000-0x17fffffff]",
        }));
    }

    [Test]
    public void Revision_2_keeps_the_full_memory_pxm()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder { Revision = 2 }.Memory(0x105, 0, 2 * G).Memory(0x105, 4 * G, 2 * G).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines[0], Is.EqualTo("ACPI: SRAT: Node 0 PXM 261 [mem 0x00000000-0x7fffffff]"));
    }

    [TestCase((byte)1, "SRAT: PXM 1 -> APIC 0x05 -> Node 0")]
    [TestCase((byte)2, "SRAT: PXM 769 -> APIC 0x05 -> Node 0")]
    public void Cpu_pxm_high_bytes_count_from_revision_2(byte revision, string line)
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder { Revision = revision }.Cpu(0x301, 5).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build());
        Assert.That(machine.NumaLines[0], Is.EqualTo(line));
    }

    [TestCase(254u, "SRAT: PXM 0 -> APIC 0x00fe -> Node 0")]
    [TestCase(255u, "SRAT: PXM 0 -> X2APIC 0x00ff ignored")]
    public void Xapic_driver_accepts_x2apic_ids_below_255_only(uint apicId, string line)
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder().X2Apic(0, apicId).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build());
        Assert.That(machine.NumaLines[0], Is.EqualTo(line));
    }

    [Test]
    public void Ignored_x2apic_entry_maps_no_pxm()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().X2Apic(7, 0x100).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build());
        Assert.That(result.PxmToNode(7), Is.EqualTo(NumaConstants.NoNode));
    }

    [Test]
    public void X2apic_driver_accepts_large_ids()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().X2Apic(1, 0x100).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build(), apicMode: ApicMode.X2Apic);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines[0], Is.EqualTo("SRAT: PXM 1 -> APIC 0x0100 -> Node 0"));
            Assert.That(result.ApicToNode[0x100], Is.EqualTo(0));
        });
    }

    [Test]
    public void Apic_id_from_32768_is_skipped_as_too_big()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().X2Apic(0, 0x8000).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build(), apicMode: ApicMode.X2Apic);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines[0], Is.EqualTo("SRAT: PXM 0 -> APIC 0x8000 -> Node 0 skipped apicid that is too big"));
            Assert.That(result.ApicToNode, Is.Empty);
        });
    }

    [Test]
    public void Disabled_cpu_entry_is_silent_and_maps_no_pxm()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().Cpu(9, 3, enabled: false).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Has.None.StartWith("SRAT: PXM"));
            Assert.That(result.PxmToNode(9), Is.EqualTo(NumaConstants.NoNode));
        });
    }

    [Test]
    public void Generic_initiator_becomes_a_possible_memoryless_node_with_the_first_id()
    {
        var machine = TwoRanges();
        var result = machine.Run(new SratBuilder().GenericInitiator(7).Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines[0], Is.EqualTo("ACPI: SRAT: Node 1 PXM 0 [mem 0x00000000-0x7fffffff]"));
            Assert.That(result.GenericInitiatorNodes, Is.EqualTo(new[] { 0 }));
            Assert.That(result.PossibleNodes, Is.EqualTo(new[] { 0, 1 }));
            Assert.That(result.OnlineNodes, Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public void Non_volatile_flag_is_printed()
    {
        var machine = TwoRanges();
        machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G, hotplug: true, nonVolatile: true).Build());
        Assert.That(machine.NumaLines[1], Is.EqualTo("ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug non-volatile"));
    }

    [Test]
    public void Hotplug_flag_of_a_disabled_entry_has_no_effect()
    {
        var machine = TwoRanges();
        machine.Run(TwoNodes().Memory(1, 4 * G, 2 * G, enabled: false, hotplug: true).Build());
        Assert.That(machine.Memblock.Memory.Regions.Select(r => r.Flags), Has.All.EqualTo(Memblock.MemblockFlags.None));
    }

    [Test]
    public void Zero_length_memory_entry_prints_end_below_start_and_makes_its_node_possible_only()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes().Memory(2, 8 * G, 0).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines[2], Is.EqualTo("ACPI: SRAT: Node 2 PXM 2 [mem 0x200000000-0x1ffffffff]"));
            Assert.That(result.PossibleNodes, Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(result.OnlineNodes, Is.EqualTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public void Wrapping_memory_entry_is_warned_about_and_ignored()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes().Memory(2, 0xffffffff00000000, 0x200000000).Build());
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines.Skip(2).Take(2), Is.EqualTo(new[]
            {
                "Warning: invalid memblk node 2 [mem 0xffffffff00000000-0xffffffff]",
                "ACPI: SRAT: Node 2 PXM 2 [mem 0xffffffff00000000-0xffffffff]",
            }));
            Assert.That(result.UsedDummy, Is.False);
        });
    }

    [Test]
    public void The_2049th_range_is_refused_and_disables_the_srat()
    {
        var machine = new TestMachine((M, 2 * G));
        var builder = new SratBuilder();
        for (ulong i = 0; i < 2049; i++)
            builder.Memory(0, i * M, M);
        var result = machine.Run(builder.Build());
        var lines = machine.NumaLines;
        int at = lines.IndexOf("too many memblk ranges");
        Assert.Multiple(() =>
        {
            Assert.That(at, Is.EqualTo(2048));
            Assert.That(lines.Skip(at + 1).Take(2), Is.EqualTo(new[]
            {
                "ACPI: SRAT: Failed to add memblk to node 0 [mem 0x80000000-0x800fffff]",
                "ACPI: SRAT: SRAT not used.",
            }));
            Assert.That(result.FallbackReason, Is.EqualTo(NumaFallbackReason.SratDisabled));
        });
    }

    [Test]
    public void Exactly_2048_ranges_are_accepted()
    {
        var machine = new TestMachine((M, 2 * G));
        var builder = new SratBuilder();
        for (ulong i = 0; i < 2048; i++)
            builder.Memory(0, i * M, M);
        var result = machine.Run(builder.Build());
        Assert.Multiple(() =>
        {
            Assert.That(result.UsedDummy, Is.False);
            // The first MiB has no RAM on this machine, so its range moves to the reserved list before merging.
            Assert.That(result.Meminfo, Is.EqualTo(new[] { new NumaMemblk(M, 2 * G, 0) }));
        });
    }

    [Test]
    public void Hotplug_range_without_ram_raises_max_possible_pfn()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes().Memory(1, 8 * G, 4 * G, hotplug: true).Build());
        Assert.That(result.MaxPossiblePfn, Is.EqualTo(new Core.Pfn(0x300000)));
    }
}
