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

    private static string[] FallbackOrder(NumaResult numa, int[]? nodes = null, int[]? nodesWithMemory = null, int[]? nodesWithCpus = null) =>
        ZonelistOrder.Build(numa, nodes, nodesWithMemory, nodesWithCpus).Select(ZonelistOrder.Line).ToArray();

    private static NumaResult ThreeNodes() =>
        new TestMachine((M, 3 * G)).Run(new SratBuilder().Memory(0, 0, G).Memory(1, G, G).Memory(2, 2 * G, G).Build());

    [Test]
    public void Nearest_node_comes_first_and_equal_distances_rotate_through_node_load()
    {
        var slit = SratBuilder.Slit([10, 30, 20, 40], [30, 10, 40, 20], [20, 40, 10, 30], [40, 20, 30, 10]);
        Assert.That(FallbackOrder(FourNodes(slit)), Is.EqualTo(new[]
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
        var lines = FallbackOrder(ThreeNodes(), nodes: [0, 1, 2], nodesWithMemory: [0, 1]);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 1 ",
            "Fallback order for Node 1: 1 0 ",
            "Fallback order for Node 2: 2 0 1 ",
        }));
    }

    [Test]
    public void Possible_node_without_ram_gets_a_list_of_its_own()
    {
        var machine = TwoRanges();
        var numa = machine.Run(new SratBuilder().Memory(0, 0, 2 * G).Memory(0, 4 * G, 2 * G).Memory(1, 8 * G, 4 * G, hotplug: true).Build());
        Assert.That(FallbackOrder(numa), Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 ",
            "Fallback order for Node 1: 1 0 ",
        }));
    }

    [Test]
    public void Nodes_with_cpus_are_taken_after_headless_nodes_at_the_same_distance()
    {
        var lines = FallbackOrder(ThreeNodes(), nodesWithCpus: [1]);
        Assert.That(lines[0], Is.EqualTo("Fallback order for Node 0: 0 2 1 "));
    }

    /// <summary>
    /// The sorted construction against find_next_best_node run literally (one minimum search per pick), over random
    /// SLITs, random N_MEMORY and random nodes with CPUs. Close distances give few (value, node_load) pairs, far
    /// apart ones many (the construction sorts those differently); both tie often, so node_load decides.
    /// </summary>
    [TestCase(new byte[] { 11, 12, 13, 14 })]
    [TestCase(new byte[] { 11, 12, 250, 254 })]
    public void Order_equals_repeated_find_next_best_node_searches(byte[] remoteDistances)
    {
        var random = new Random(20261125);
        for (int round = 0; round < 40; round++)
        {
            const int n = 6;
            var rows = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                rows[i] = new byte[n];
                for (int j = 0; j < n; j++)
                    rows[i][j] = i == j ? (byte)10 : remoteDistances[random.Next(remoteDistances.Length)];
            }
            var builder = new SratBuilder();
            for (int i = 0; i < n; i++)
                builder.Memory((uint)i, (ulong)i * G, G);
            var numa = new TestMachine((M, n * G)).Run(builder.Build(), SratBuilder.Slit(rows));
            var memory = Enumerable.Range(0, n).Where(_ => random.Next(4) != 0).ToArray();
            var cpus = Enumerable.Range(0, n).Where(_ => random.Next(2) == 0).ToArray();

            var expected = KernelSearch(numa, memory, cpus);
            var actual = ZonelistOrder.Build(numa, nodesWithMemory: memory, nodesWithCpus: cpus).Select(l => l.Order.ToArray()).ToArray();
            Assert.That(actual, Is.EqualTo(expected), $"round {round}");
        }
    }

    /// <summary>build_zonelists and find_next_best_node as 6.1 writes them: a full minimum search per pick.</summary>
    private static int[][] KernelSearch(NumaResult numa, int[] memory, int[] cpus)
    {
        var load = new int[NumaConstants.MaxNumNodes];
        var lists = new List<int[]>();
        foreach (int local in numa.PossibleNodes)
        {
            var used = new HashSet<int>();
            var order = new List<int>();
            int previous = local;
            while (true)
            {
                int best = -1;
                if (used.Add(local))
                    best = local;
                else
                {
                    int min = int.MaxValue;
                    foreach (int m in memory)
                    {
                        if (used.Contains(m)) continue;
                        int value = numa.NodeDistance(local, m) + (m < local ? 1 : 0) + (cpus.Contains(m) ? 1 : 0);
                        value = value * NumaConstants.MaxNumNodes + load[m];
                        if (value < min) { min = value; best = m; }
                    }
                    if (best >= 0) used.Add(best);
                }
                if (best < 0) break;
                if (numa.NodeDistance(local, best) != numa.NodeDistance(local, previous)) load[best]++;
                order.Add(best);
                previous = best;
            }
            lists.Add(order.ToArray());
        }
        return lists.ToArray();
    }
}
