using Bootemu.Boot.Numa;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>build_zonelists / find_next_best_node (mm/page_alloc.c, 6.1): the "Fallback order for Node" lines.</summary>
[TestFixture]
public sealed class ZonelistOrderTests
{
    private static NumaResult FourNodes(byte[]? slit)
    {
        var machine = new TestMachine((M, 4 * G));
        return machine.Run(new SratBuilder().Memory(0, 0, G).Memory(1, G, G).Memory(2, 2 * G, G).Memory(3, 3 * G, G).Build(), slit);
    }

    private static NumaResult ThreeNodes() =>
        new TestMachine((M, 3 * G)).Run(new SratBuilder().Memory(0, 0, G).Memory(1, G, G).Memory(2, 2 * G, G).Build());

    [Test]
    public void Nearest_node_comes_first_and_equal_distances_rotate_through_node_load()
    {
        var slit = SratBuilder.Slit([10, 30, 20, 40], [30, 10, 40, 20], [20, 40, 10, 30], [40, 20, 30, 10]);
        Assert.That(ZonelistOrder.FallbackOrder(FourNodes(slit)), Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 2 1 3 ",
            "Fallback order for Node 1: 1 3 0 2 ",
            "Fallback order for Node 2: 2 0 3 1 ",
            "Fallback order for Node 3: 3 1 2 0 ",
        }));
    }

    [Test]
    public void Memoryless_online_node_gets_its_own_list_but_appears_in_no_other()
    {
        var lines = ZonelistOrder.FallbackOrder(ThreeNodes(), onlineNodes: [0, 1, 2], nodesWithMemory: [0, 1]);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 1 ",
            "Fallback order for Node 1: 1 0 ",
            "Fallback order for Node 2: 2 0 1 ",
        }));
    }

    [Test]
    public void Nodes_with_cpus_are_taken_after_headless_nodes_at_the_same_distance()
    {
        var lines = ZonelistOrder.FallbackOrder(ThreeNodes(), nodesWithCpus: [1]);
        Assert.That(lines[0], Is.EqualTo("Fallback order for Node 0: 0 2 1 "));
    }
}
