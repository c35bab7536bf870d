using Bootemu.Boot.Kernel;
using Bootemu.Boot.Tests.Numa;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Kernel;

/// <summary>
/// x86_numa_init as Linux 6.12 has it (mm/numa_memblks.c, mm/numa.c, lib/fw_table.c), each rule beside what 6.1 does
/// on the same machine.
/// </summary>
public sealed class Linux612NumaTests
{
    private static TestMachine Machine(KernelModel kernel) => new((M, 2 * G), (4 * G, 6 * G)) { Kernel = kernel };

    private static readonly byte[] TwoNodes = new SratBuilder().Cpu(0, 0).Cpu(1, 1).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();

    [Test]
    public void Srat_cpu_lines_are_not_printed_on_6_12()
    {
        var old = Machine(KernelModel.Linux61);
        old.Run(TwoNodes);
        var current = Machine(KernelModel.Linux612);
        current.Run(TwoNodes);
        Assert.That(old.Lines, Does.Contain("SRAT: PXM 1 -> APIC 0x01 -> Node 1"));
        Assert.That(current.Lines.Where(l => l.StartsWith("SRAT: PXM", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Cpu_affinity_still_maps_the_cpu_to_its_node_on_6_12()
    {
        var machine = Machine(KernelModel.Linux612);
        var result = machine.Run(TwoNodes);
        Assert.That(result.CpuToNode([0u, 1u]), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Meminfo_is_clipped_to_the_start_of_memblock_memory_on_6_12()
    {
        // RAM starts at 1 MiB: node 0's SRAT range [0, 2 GiB) keeps [1 MiB, 2 GiB) on 6.12, all of it on 6.1.
        var old = Machine(KernelModel.Linux61).Run(TwoNodes);
        var current = Machine(KernelModel.Linux612).Run(TwoNodes);
        Assert.That(old.Meminfo[0].Start, Is.EqualTo(0UL));
        Assert.That(current.Meminfo[0].Start, Is.EqualTo(M));
    }

    [Test]
    public void Exactly_one_uncovered_mebibyte_rejects_the_srat_on_6_1_only()
    {
        // Node 1 stops 1 MiB short of the end of RAM: 6.1 rejects at 1 MiB or more, 6.12 only above 1 MiB.
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G - M).Build();
        var old = Machine(KernelModel.Linux61);
        var current = Machine(KernelModel.Linux612);
        Assert.That(old.Run(srat).OnlineNodes, Is.EqualTo(new[] { 0 }));
        Assert.That(old.Lines, Does.Contain("NUMA: nodes only cover 4094MB of your 4095MB e820 RAM. Not used."));
        Assert.That(current.Run(srat).OnlineNodes, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Uncovered_memory_is_reported_as_such_against_all_of_memblock_on_6_12()
    {
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, G).Build();
        var machine = Machine(KernelModel.Linux612);
        machine.Run(srat);
        Assert.That(machine.Lines, Does.Contain("NUMA: no nodes coverage for 1024MB of 4095MB RAM"));
        Assert.That(machine.Lines, Does.Contain("No NUMA configuration found"));
    }

    [Test]
    public void Node_data_is_cache_line_sized_on_6_12()
    {
        var old = Machine(KernelModel.Linux61).Run(TwoNodes);
        var current = Machine(KernelModel.Linux612).Run(TwoNodes);
        Assert.That(old.NodeData.Select(n => n.Size), Has.All.EqualTo(0x2b000UL));
        Assert.That(current.NodeData.Select(n => n.Size), Has.All.EqualTo(0x2a980UL));
        Assert.That(current.NodeData[0].Base % 64, Is.Zero);
    }

    [Test]
    public void A_handler_error_stops_the_srat_walk_on_6_12()
    {
        // A disabled Generic Initiator entry makes its handler fail. 6.1 walks on (running no more handlers) and so
        // still meets the zero-length entry after it; 6.12 returns at the error and never sees it in that pass.
        var srat = new SratBuilder().GenericInitiator(0, enabled: false).Memory(0, 0, 2 * G).Raw(7, 0).Cpu(1, 1).Build();
        var old = Machine(KernelModel.Linux61);
        old.Run(srat);
        var current = Machine(KernelModel.Linux612);
        current.Run(srat);
        Assert.That(old.Lines, Does.Contain("ACPI: [SRAT:0x00] Invalid zero length"));
        Assert.That(current.Lines, Has.None.Contains("[SRAT:0x00]"));
        Assert.That(current.Lines, Does.Contain("[SRAT:0x01] Invalid zero length"));
    }

    [Test]
    public void Zero_length_subtable_line_has_no_acpi_prefix_on_6_12()
    {
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Raw(7, 0).Cpu(1, 1).Build();
        var machine = Machine(KernelModel.Linux612);
        machine.Run(srat);
        Assert.That(machine.Lines, Does.Contain("[SRAT:0x00] Invalid zero length"));
        Assert.That(machine.Lines, Has.None.StartsWith("ACPI: [SRAT"));
    }

    [Test]
    public void Distance_table_comes_from_memblock_alloc_on_6_12()
    {
        var slit = SratBuilder.Slit([10, 20], [20, 10]);
        var machine = Machine(KernelModel.Linux612);
        machine.Memblock.Debug = true;
        machine.Run(TwoNodes, slit);
        Assert.That(machine.Lines, Does.Contain(
            "memblock_alloc_try_nid: 4 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 numa_alloc_distance"));
    }
}
