using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>acpi_parse_slit, slit_valid and the x86 distance table (docs/linux-6.1-boot-memory.md §1.6).</summary>
[TestFixture]
public sealed class SlitTests
{
    private static byte[] TwoNodes() => new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G).Build();

    [Test]
    public void Valid_slit_sets_the_distances()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), SratBuilder.Slit([10, 21], [21, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(result.NodeDistance(0, 1), Is.EqualTo(21));
            Assert.That(result.NodeDistance(1, 1), Is.EqualTo(10));
            Assert.That(result.DistanceTableSize, Is.EqualTo(2));
            Assert.That(machine.Log.Lines.Where(l => l.Level == Core.Logging.KernelLogLevel.Debug).Select(l => l.Text),
                Does.Contain("NUMA: Initialized distance table, cnt=2"));
        });
    }

    [Test]
    public void Distance_table_is_a_page_aligned_memblock_allocation_that_moves_node_data()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), SratBuilder.Slit([10, 21], [21, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(result.DistanceTable, Is.EqualTo(((ulong Base, ulong Size)?)(6 * G - 4096, 4)));
            Assert.That(machine.Memblock.Reserved.Search(6 * G - 4096), Is.Not.Null);
            Assert.That(machine.NumaLines, Does.Contain("NODE_DATA(1) allocated [mem 0x17ffd4000-0x17fffefff]"));
        });
    }

    [TestCase((byte)11, (byte)20, TestName = "Slit_with_a_diagonal_other_than_10_is_not_used")]
    [TestCase((byte)10, (byte)10, TestName = "Slit_with_a_remote_distance_of_10_is_not_used")]
    public void Invalid_slit(byte local, byte remote)
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), SratBuilder.Slit([local, remote], [remote, local]));
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("ACPI: SLIT table looks invalid. Not used."));
            Assert.That(result.NodeDistance(0, 1), Is.EqualTo(20));
            Assert.That(result.DistanceTableSize, Is.Zero);
        });
    }

    [TestCase(36u, TestName = "Slit_whose_length_covers_only_the_header_sets_no_distance")]
    [TestCase(0u, TestName = "Slit_whose_length_is_zero_sets_no_distance")]
    public void Slit_shorter_than_its_locality_count(uint length)
    {
        // The count at offset 36 lies past Length: bootemu reads it as zero, and slit_valid accepts a matrix of none.
        var slit = SratBuilder.Slit();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(slit.AsSpan(4), length);
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), slit[..(int)Math.Max(length, 36)]);
        Assert.Multiple(() =>
        {
            Assert.That(result.NodeDistance(0, 1), Is.EqualTo(20));
            Assert.That(result.DistanceTableSize, Is.Zero);
            Assert.That(result.Notes, Has.One.Contains("locality count"));
        });
    }

    [Test]
    public void Localities_whose_pxm_has_no_node_are_skipped()
    {
        var machine = TwoRanges();
        var result = machine.Run(TwoNodes(), SratBuilder.Slit([10, 30, 40], [30, 10, 50], [40, 50, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(result.NodeDistance(0, 1), Is.EqualTo(30));
            Assert.That(result.DistanceTableSize, Is.EqualTo(2));
        });
    }

    [Test]
    public void Slit_is_mapped_by_pxm_not_by_node_id()
    {
        // PXM 1 gets node 0 (seen first), PXM 0 node 1; the SLIT row of PXM 1 is node 0's.
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(1, 0, 2 * G).Memory(0, 4 * G, 2 * G).Memory(2, 8 * G, G).Build();
        var result = machine.Run(srat, SratBuilder.Slit([10, 30, 40], [30, 10, 50], [40, 50, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(result.NodeDistance(0, 2), Is.EqualTo(50));
            Assert.That(result.NodeDistance(1, 2), Is.EqualTo(40));
        });
    }

    [Test]
    public void Locality_count_larger_than_the_table_makes_it_invalid_with_a_note()
    {
        var machine = TwoRanges();
        var slit = SratBuilder.Slit([10, 21], [21, 10]);
        slit[36] = 3;
        var result = machine.Run(TwoNodes(), slit);
        Assert.Multiple(() =>
        {
            Assert.That(machine.NumaLines, Does.Contain("ACPI: SLIT table looks invalid. Not used."));
            Assert.That(result.Notes, Has.Some.StartsWith("SLIT:"));
        });
    }

    [Test]
    public void Fallback_to_the_dummy_node_frees_the_distance_table()
    {
        var machine = TwoRanges();
        var srat = new SratBuilder().Memory(0, 0, 2 * G).Memory(1, 4 * G, G).Build();
        var result = machine.Run(srat, SratBuilder.Slit([10, 21], [21, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(result.UsedDummy, Is.True);
            Assert.That(result.DistanceTableSize, Is.Zero);
            // Had the table's page stayed reserved, the dummy node's NODE_DATA would sit one page lower.
            Assert.That(machine.NumaLines, Does.Contain("NODE_DATA(0) allocated [mem 0x17ffd5000-0x17fffffff]"));
        });
    }

    [Test]
    public void A_valid_slit_puts_the_numa_distance_table_among_the_early_allocations()
    {
        // numa_alloc_distance: a valid SLIT makes the kernel allocate a node-count-squared byte table from memblock,
        // page aligned (4 nodes: 16 bytes); it stays reserved, so it pins the node it lands on.
        var machine = Bootemu.Machine.Fixtures.MachineLoader.LoadFixture(Path.Combine(Bootemu.Tests.Shared.RepoPaths.FirmwareTables, "four-node-2hotplug-hole.yaml"));
        var boot = BootPipeline.Run(machine, Bootemu.Machine.CommandLine.KernelCommandLine.Parse(machine.CommandLine), new Bootemu.Core.Logging.KernelLog(), Bootemu.Boot.Kernel.KernelModel.Linux61);
        var table = boot.EarlyAllocations.Single(a => a.What.StartsWith("numa_distance", StringComparison.Ordinal));
        Assert.That(table.Size, Is.EqualTo(16UL));
        Assert.That(table.Base % 4096, Is.EqualTo(0UL));
        Assert.That(table.Nid, Is.Not.EqualTo(-1));
    }
}
