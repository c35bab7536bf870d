using System.Text;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The node fallback order of build_zonelists / find_next_best_node (mm/page_alloc.c, 6.1), printed as
/// <c>Fallback order for Node %d: </c> followed by <c>%d </c> per node (so every line ends in a space).
/// For each node, in ascending order, the list starts with the node itself; then, among the nodes with
/// memory not yet listed, the one with the smallest
/// <c>(distance + (n &lt; node ? 1 : 0) + (n has CPUs ? 1 : 0)) × MAX_NUMNODES + node_load[n]</c>
/// (first one wins ties). node_load is shared by all lists of one build: a node is charged 1 each time it opens a
/// new distance group in some list, which spreads equal-distance fallbacks round-robin.
/// </summary>
public static class ZonelistOrder
{
    /// <summary>PENALTY_FOR_NODE_WITH_CPUS.</summary>
    private const int PenaltyForNodeWithCpus = 1;

    /// <summary>
    /// The fallback order of every node whose zonelists __build_all_zonelists builds, in the order the kernel prints
    /// the lines. Since 5.17 that is every possible node (for_each_node: free_area_init gave each one a pgdat, memoryless
    /// or not), so <paramref name="nodes"/> defaults to the possible nodes [read in the source; the 18 real boots have
    /// no possible node that is offline].
    /// <paramref name="nodesWithMemory"/> is N_MEMORY (default: the nodes online after x86_numa_init, which all have
    /// memory). <paramref name="nodesWithCpus"/> are the nodes whose cpumask is non-empty when the zonelists are
    /// built: on x86 the boot-time build in start_kernel runs before any CPU is added to its node's mask, so the
    /// default is none [boot-checked: with four nodes and CPUs on nodes 0 and 1, 6.1 prints 0 1 2 3 / 1 2 3 0 /
    /// 2 3 0 1 / 3 0 1 2, which only empty masks produce].
    /// </summary>
    public static IReadOnlyList<(int Node, IReadOnlyList<int> Order)> Build(
        NumaResult numa,
        IEnumerable<int>? nodes = null,
        IEnumerable<int>? nodesWithMemory = null,
        IEnumerable<int>? nodesWithCpus = null)
    {
        ArgumentNullException.ThrowIfNull(numa);
        var listed = (nodes ?? numa.PossibleNodes).Distinct().Order().ToArray();
        var memory = (nodesWithMemory ?? numa.OnlineNodes).Distinct().Order().ToArray();
        var withCpus = new HashSet<int>(nodesWithCpus ?? Array.Empty<int>());
        var nodeLoad = new int[NumaConstants.MaxNumNodes];

        var result = new List<(int, IReadOnlyList<int>)>(listed.Length);
        foreach (int local in listed)
        {
            var order = Order(numa, local, memory, withCpus, nodeLoad);
            // Charge the first node of each new distance group, so the next lists start their groups elsewhere.
            int previous = local;
            foreach (int node in order)
            {
                if (numa.NodeDistance(local, node) != numa.NodeDistance(local, previous))
                    nodeLoad[node]++;
                previous = node;
            }
            result.Add((local, order));
        }
        return result;
    }

    /// <summary>The kernel's lines, trailing space included: <c>Fallback order for Node 0: 0 1 </c>.</summary>
    public static IReadOnlyList<string> FallbackOrder(
        NumaResult numa,
        IEnumerable<int>? nodes = null,
        IEnumerable<int>? nodesWithMemory = null,
        IEnumerable<int>? nodesWithCpus = null) =>
        Build(numa, nodes, nodesWithMemory, nodesWithCpus).Select(Line).ToArray();

    public static string Line((int Node, IReadOnlyList<int> Order) list)
    {
        var line = new StringBuilder($"Fallback order for Node {list.Node}: ", 32 + 5 * list.Order.Count);
        foreach (int node in list.Order)
            line.Append(node).Append(' ');
        return line.ToString();
    }

    /// <summary>
    /// The nodes find_next_best_node returns for <paramref name="local"/>, one call after another. A node's value
    /// depends on node_load only, and node_load changes only for nodes already taken, so the successive minimum
    /// searches give the same order as one sort by (value, node id): O(n log n) instead of O(n²) per node.
    /// </summary>
    private static List<int> Order(NumaResult numa, int local, int[] memoryNodes, HashSet<int> withCpus, int[] nodeLoad)
    {
        var keys = new List<long>(memoryNodes.Length);
        foreach (int n in memoryNodes)
        {
            if (n == local)
                continue;
            long value = numa.NodeDistance(local, n);
            if (n < local)
                value += 1; // prefer the nodes after us
            if (withCpus.Contains(n))
                value += PenaltyForNodeWithCpus; // headless nodes first
            value = value * NumaConstants.MaxNumNodes + nodeLoad[n];
            keys.Add(value * NumaConstants.MaxNumNodes + n); // ties go to the lower node id, as the ascending scan does
        }
        keys.Sort();
        var order = new List<int>(keys.Count + 1) { local };
        foreach (long key in keys)
            order.Add((int)(key % NumaConstants.MaxNumNodes));
        return order;
    }
}
