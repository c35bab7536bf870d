namespace Bootemu.Boot.Numa;

/// <summary>
/// The node fallback order of build_zonelists / find_next_best_node (mm/page_alloc.c), printed as
/// <c>Fallback order for Node %d: </c> followed by <c>%d </c> per node (so every line ends in a space).
/// For each node, in ascending order, the list starts with the node itself (on 6.12 only when it has memory); then, among the nodes with
/// memory not yet listed, the one with the smallest
/// <c>(distance + (n &lt; node ? 1 : 0) + (n has CPUs ? 1 : 0)) × MAX_NUMNODES + node_load[n]</c>
/// (first one wins ties). node_load is shared by all lists of one build: a node is charged 1 each time it opens a
/// new distance group in some list, which spreads equal-distance fallbacks round-robin.
/// </summary>
public static class ZonelistOrder
{
    /// <summary>Fills <c>row[to]</c> with node_distance(from, to) for every node id the row holds.</summary>
    public delegate void DistanceRow(int from, Span<int> row);

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
    /// <param name="skipMemorylessLocal">6.12's find_next_best_node: a memoryless node does not head its own list
    /// (<see cref="Kernel.KernelModel.ZonelistSkipsMemorylessLocalNode"/>).</param>
    internal static IReadOnlyList<(int Node, IReadOnlyList<int> Order)> Build(
        NumaResult numa,
        IEnumerable<int>? nodes = null,
        IEnumerable<int>? nodesWithMemory = null,
        IEnumerable<int>? nodesWithCpus = null,
        bool skipMemorylessLocal = false)
    {
        ArgumentNullException.ThrowIfNull(numa);
        return Build(numa.DistancesFrom, nodes ?? numa.PossibleNodes, nodesWithMemory ?? numa.OnlineNodes, nodesWithCpus ?? [], skipMemorylessLocal);
    }

    /// <summary>
    /// The same for a machine after boot, given its distances: the lists of <paramref name="nodes"/> over
    /// <paramref name="nodesWithMemory"/>, with the nodes whose cpumask now holds CPUs in <paramref name="nodesWithCpus"/>.
    /// </summary>
    public static IReadOnlyList<(int Node, IReadOnlyList<int> Order)> Build(DistanceRow distancesFrom, IEnumerable<int> nodes,
        IEnumerable<int> nodesWithMemory, IEnumerable<int> nodesWithCpus, bool skipMemorylessLocal)
    {
        var listed = nodes.Distinct().Order().ToArray();
        var memory = nodesWithMemory.Distinct().Order().ToArray();
        // The arrays by node id are only ever read at listed nodes and nodes with memory: sized to the highest of them.
        int nodeIds = Math.Max(listed.Length == 0 ? 0 : listed[^1] + 1, memory.Length == 0 ? 0 : memory[^1] + 1);
        var withCpus = new bool[nodeIds];
        foreach (int n in nodesWithCpus)
            if ((uint)n < (uint)withCpus.Length) withCpus[n] = true; // no other node can be a candidate
        var nodeLoad = new int[nodeIds];

        var result = new List<(int, IReadOnlyList<int>)>(listed.Length);
        var scratch = new SortScratch(memory.Length, nodeIds);
        foreach (int local in listed)
        {
            bool headsOwnList = !skipMemorylessLocal || Array.BinarySearch(memory, local) >= 0;
            var order = Order(distancesFrom, local, headsOwnList, memory, withCpus, nodeLoad, scratch);
            // Charge the first node of each new distance group, so the next lists start their groups elsewhere.
            // Order left every listed node's distance from local in scratch.DistanceFrom.
            int previous = local;
            foreach (int node in order)
            {
                if (scratch.DistanceFrom[node] != scratch.DistanceFrom[previous])
                    nodeLoad[node]++;
                previous = node;
            }
            result.Add((local, order));
        }
        return result;
    }

    /// <summary>
    /// build_all_zonelists in start_kernel: every possible node's order (each has a pgdat since free_area_init), listing
    /// only the nodes with memory (N_MEMORY, set by check_for_memory), each printed as its line.
    /// </summary>
    internal static IReadOnlyList<(int Node, IReadOnlyList<int> Order)> BuildAll(NumaResult numa, IReadOnlyList<int> nodesWithMemory,
        Kernel.KernelModel kernel, Core.Logging.KernelLog log)
    {
        var zonelists = Build(numa, numa.PossibleNodes, nodesWithMemory, skipMemorylessLocal: kernel.ZonelistSkipsMemorylessLocalNode);
        foreach (var zonelist in zonelists) log.Info(Line(zonelist));
        return zonelists;
    }

    /// <summary>
    /// One node's line, trailing space included (<c>Fallback order for Node 0: 0 1 </c>), written straight into the
    /// string (1,024 lines of 1,024 ids on a big machine).
    /// </summary>
    public static string Line((int Node, IReadOnlyList<int> Order) list)
    {
        const string prefix = "Fallback order for Node ";
        var order = list.Order as int[] ?? list.Order.ToArray();
        int length = prefix.Length + Spaced(list.Node).Length + 1;
        foreach (int node in order)
            length += Spaced(node).Length;
        return string.Create(length, (list.Node, order), static (text, line) =>
        {
            prefix.CopyTo(text);
            var local = Spaced(line.Node);
            local.AsSpan(0, local.Length - 1).CopyTo(text[prefix.Length..]);
            int at = prefix.Length + local.Length - 1;
            text[at++] = ':';
            text[at++] = ' ';
            foreach (int node in line.order)
            {
                var id = Spaced(node);
                id.CopyTo(text[at..]);
                at += id.Length;
            }
        });
    }

    /// <summary>"%d " for every possible node id, made once: the lines print a million of them.</summary>
    private static readonly string[] SpacedNodeIds =
        Enumerable.Range(0, NumaConstants.MaxNumNodes).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ").ToArray();

    private static string Spaced(int node) =>
        (uint)node < (uint)SpacedNodeIds.Length ? SpacedNodeIds[node] : node.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ";

    /// <summary>
    /// The nodes find_next_best_node returns for <paramref name="local"/>, one call after another. A node's value
    /// depends on node_load only, and node_load changes only for nodes already taken, so the successive minimum
    /// searches give the same order as one sort by (value, node_load, node id). The candidates are visited in
    /// ascending id, so stable counting sorts give that order in linear time: one by the (value, node_load) pair
    /// when the pairs are few, else two, by node_load and then by value.
    /// </summary>
    private static int[] Order(DistanceRow distancesFrom, int local, bool headsOwnList, int[] memoryNodes, bool[] withCpus, int[] nodeLoad,
        SortScratch scratch)
    {
        int count = 0, minValue = int.MaxValue, maxValue = int.MinValue, minLoad = int.MaxValue, maxLoad = int.MinValue;
        distancesFrom(local, scratch.DistanceFrom);
        foreach (int n in memoryNodes)
        {
            if (n == local)
                continue;
            int value = scratch.DistanceFrom[n];
            if (n < local)
                value += 1; // prefer the nodes after us
            if (withCpus[n])
                value += PenaltyForNodeWithCpus; // headless nodes first
            scratch.Nodes[count] = n;
            scratch.Values[count] = value;
            scratch.Loads[count] = nodeLoad[n];
            count++;
            minValue = Math.Min(minValue, value);
            maxValue = Math.Max(maxValue, value);
            minLoad = Math.Min(minLoad, nodeLoad[n]);
            maxLoad = Math.Max(maxLoad, nodeLoad[n]);
        }
        // Ties go to the lower node id, as the ascending scan does. Real tables give few (value, node_load) pairs,
        // and then one stable counting sort by the pair does it; otherwise two, by node_load and then by value.
        for (int i = 0; i < count; i++)
            scratch.Unsorted[i] = i;
        int[] sorted;
        long loadRange = (long)maxLoad - minLoad + 1;
        long pairs = ((long)maxValue - minValue + 1) * loadRange;
        if (count > 0 && pairs <= 4L * count + 256)
        {
            for (int i = 0; i < count; i++)
                scratch.Keys[i] = (int)((scratch.Values[i] - minValue) * loadRange + scratch.Loads[i] - minLoad);
            CountingSort(scratch.Unsorted, scratch.ByLoad, count, scratch.Keys, 0, (int)pairs - 1, scratch);
            sorted = scratch.ByLoad;
        }
        else
        {
            int[] byLoad = scratch.Unsorted;
            sorted = scratch.ByLoad;
            if (minLoad != maxLoad)
            {
                CountingSort(scratch.Unsorted, scratch.ByLoad, count, scratch.Loads, minLoad, maxLoad, scratch);
                (byLoad, sorted) = (scratch.ByLoad, scratch.Unsorted);
            }
            CountingSort(byLoad, sorted, count, scratch.Values, minValue, maxValue, scratch);
        }
        int head = headsOwnList ? 1 : 0;
        var order = new int[count + head];
        if (headsOwnList) order[0] = local;
        for (int i = 0; i < count; i++)
            order[i + head] = scratch.Nodes[sorted[i]];
        return order;
    }

    /// <summary>
    /// Stable counting sort of the first <paramref name="count"/> candidate indexes in <paramref name="from"/> into
    /// <paramref name="to"/>, by <paramref name="keys"/>[index], which all lie in [min, max].
    /// </summary>
    private static void CountingSort(int[] from, int[] to, int count, int[] keys, int min, int max, SortScratch scratch)
    {
        if (count == 0)
            return;
        var starts = scratch.Counts(max - min + 2);
        for (int i = 0; i < count; i++)
            starts[keys[from[i]] - min + 1]++;
        for (int k = 1; k <= max - min + 1; k++)
            starts[k] += starts[k - 1];
        for (int i = 0; i < count; i++)
            to[starts[keys[from[i]] - min]++] = from[i];
    }

    /// <summary>Buffers reused by every list of one build, indexed by candidate (the order candidates were visited).</summary>
    private sealed class SortScratch(int candidates, int nodeIds)
    {
        public readonly int[] Nodes = new int[candidates];
        public readonly int[] Values = new int[candidates];
        public readonly int[] Loads = new int[candidates];
        public readonly int[] Unsorted = new int[candidates];
        public readonly int[] ByLoad = new int[candidates];
        public readonly int[] Keys = new int[candidates];
        public readonly int[] DistanceFrom = new int[nodeIds];
        private int[] _counts = Array.Empty<int>();

        /// <summary>A zeroed array of at least <paramref name="length"/> counters.</summary>
        public int[] Counts(int length)
        {
            if (_counts.Length < length) _counts = new int[length];
            else Array.Clear(_counts, 0, length);
            return _counts;
        }
    }
}
