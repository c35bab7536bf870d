using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>The generic ACPI subtable walk as acpi_numa_init drives it (docs/linux-6.1-boot-memory.md §1.3, §1.4).</summary>
[TestFixture]
public sealed class SratWalkTests
{
    private const string FakeNode = "Faking a node at [mem 0x0000000000000000-0x000000017fffffff]";
    private const string FakeNodeData = "NODE_DATA(0) allocated [mem 0x17ffd5000-0x17fffffff]";

    [Test]
    public void Zero_length_subtable_aborts_both_passes_each_naming_its_first_handler()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Cpu(0, 0).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G, hotplug: true)
            .Raw(7, 0).Cpu(1, 1).Build();
        var result = machine.Run(srat);
        Assert.That(machine.NumaLines, Is.EqualTo(new[]
        {
            "SRAT: PXM 0 -> APIC 0x00 -> Node 0",
            "ACPI: [SRAT:0x00] Invalid zero length",
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
            "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug",
            "ACPI: [SRAT:0x01] Invalid zero length",
            "No NUMA configuration found",
            FakeNode,
            FakeNodeData,
        }));
        Assert.That(result.FallbackReason, Is.EqualTo(Boot.Numa.NumaFallbackReason.TableWalkAborted));
    }

    [Test]
    public void Fallback_erases_the_hotplug_marks_of_the_failed_attempt()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G, hotplug: true).Raw(7, 0).Cpu(1, 1).Build();
        machine.Run(srat);
        Assert.That(machine.Memblock.Memory.Regions.Select(r => r.Flags), Has.All.EqualTo(Memblock.MemblockFlags.None));
    }

    [Test]
    public void Zero_length_memory_entry_fails_its_own_length_check_before_the_walk_stops()
    {
        var machine = TwoRanges();
        // The entry after the zero-length one only keeps it inside the walk (a header must start 3 bytes before the end).
        var srat = new SratBuilder().Cpu(0, 0).Memory(0, 0, 2 * G).Raw(1, 0).Cpu(1, 1).Build();
        machine.Run(srat);
        Assert.That(machine.NumaLines.Take(6), Is.EqualTo(new[]
        {
            "SRAT: PXM 0 -> APIC 0x00 -> Node 0",
            "ACPI: [SRAT:0x00] Invalid zero length",
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
            "ACPI: SRAT: Unexpected header length: 0",
            "ACPI: SRAT: SRAT not used.",
            "ACPI: [SRAT:0x01] Invalid zero length",
        }));
    }

    [Test]
    public void Disabled_generic_initiator_stops_every_later_cpu_entry()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().GenericInitiator(9, enabled: false).Cpu(0, 0).Cpu(1, 1)
            .Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();
        var result = machine.Run(srat);
        Assert.That(machine.NumaLines, Is.EqualTo(new[]
        {
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
            "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]",
            "NODE_DATA(0) allocated [mem 0x7ffd5000-0x7fffffff]",
            "NODE_DATA(1) allocated [mem 0x17ffd5000-0x17fffffff]",
        }));
        Assert.That(result.ApicToNode, Is.Empty);
    }

    [Test]
    public void Cpu_pass_hands_out_node_ids_before_memory_only_pxms()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(3, 0, 2 * G).Memory(5, 4 * G, 2 * G).Cpu(5, 0).Build();
        var result = machine.Run(srat);
        Assert.That(result.PxmMappings, Is.EqualTo(new[] { (5, 0), (3, 1) }));
    }

    [Test]
    public void Two_trailing_bytes_are_not_walked()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Cpu(0, 0).Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Raw(0, 16).Build();
        var result = machine.Run(srat);
        Assert.That(result.Notes, Is.Empty);
    }

    [Test]
    public void Subtable_running_past_the_table_end_is_still_dispatched_and_noted()
    {
        var machine = TwoRanges();
        // Three bytes left: a type-0 header claiming 16 bytes; its Enabled flag lies past the end and reads as 0.
        var srat = new SratBuilder().Cpu(0, 0).Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Raw(0, 16, 1).Build();
        var result = machine.Run(srat);
        Assert.Multiple(() =>
        {
            Assert.That(result.Notes, Has.Count.EqualTo(1).And.Some.Contains("past the end"));
            Assert.That(result.UsedDummy, Is.False);
            Assert.That(machine.NumaLines, Has.Exactly(1).StartsWith("SRAT: PXM"));
        });
    }

    [Test]
    public void Length_field_beyond_the_supplied_bytes_reads_zeros_and_aborts_on_a_zero_length()
    {
        var machine = TwoRanges();
        var bytes = new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Build();
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Build((uint)bytes.Length + 8);
        var result = machine.Run(srat);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("ACPI: [SRAT:0x01] Invalid zero length"));
            Assert.That(result.Notes, Is.Not.Empty);
            Assert.That(result.UsedDummy, Is.True);
        });
    }

    [Test]
    public void Table_shorter_than_its_header_walks_nothing()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Build(length: 47);
        var result = machine.Run(srat);
        Assert.That(result.FallbackReason, Is.EqualTo(Boot.Numa.NumaFallbackReason.NoMemoryEntries));
    }

    [Test]
    public void Bytes_that_are_not_an_srat_are_bad_input_with_an_offset()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Build();
        srat[0] = (byte)'X';
        var error = Assert.Throws<Core.InputException>(() => machine.Run(srat));
        Assert.That(error!.OneLine, Does.StartWith("offset 0x0 (0): not an SRAT table"));
    }
}
