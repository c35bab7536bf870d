using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>The lookups hotplug makes on the NUMA result's meminfo lists (docs/linux-6.1-boot-memory.md §4.6) and the CPU to node map.</summary>
[TestFixture]
public sealed class NumaLookupTests
{
    private static NumaResult Run()
    {
        var machine = TwoRanges();
        return machine.Run(new SratBuilder().Cpu(0, 0).Cpu(1, 1).Memory(0, 0, 2 * G).Memory(1, 4 * G, 2 * G)
            .Memory(1, 8 * G, 4 * G, hotplug: true).Build());
    }

    private static int MemoryAddPhysaddrToNid(ulong address) => NumaLookup.MemoryAddPhysaddrToNid(Run().Meminfo, address);

    [Test]
    public void Memory_add_physaddr_to_nid_finds_the_range_holding_the_address()
    {
        Assert.That(MemoryAddPhysaddrToNid(5 * G), Is.EqualTo(1));
    }

    [Test]
    public void Memory_add_physaddr_to_nid_ignores_reserved_ranges_and_answers_the_first_node()
    {
        Assert.That(MemoryAddPhysaddrToNid(9 * G), Is.EqualTo(0));
    }

    [Test]
    public void Cpus_without_an_srat_node_are_dealt_round_robin_over_online_nodes()
    {
        Assert.That(Run().CpuToNode(new uint[] { 1, 0, 7, 9, 11 }), Is.EqualTo(new[] { 1, 0, 0, 1, 0 }));
    }
}
