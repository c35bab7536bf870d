using Bootemu.Boot.Model;

namespace Bootemu.Boot.Numa;

/// <summary>
/// init_cpu_to_node, then init_gi_nodes, at the end of setup_arch (arch/x86/mm/numa.c): a node with a CPU or a
/// generic initiator is set online even when it has no memory. free_area_init already gave it a pg_data_t, so only
/// its online bit changes: it gets a sysfs node and /proc/zoneinfo entries, still without N_MEMORY.
/// </summary>
internal static class CpuAndInitiatorNodes
{
    /// <summary>
    /// Each node with its CPUs in ascending order (one pass over the CPUs, not one per node), and online if a CPU or a
    /// generic initiator is on it. (A generic initiator's node left out of node_possible_map by a NUMA fallback has no
    /// layout here; the kernel sets its online bit all the same.)
    /// </summary>
    public static IReadOnlyList<NodeLayout> Online(IReadOnlyList<NodeLayout> nodes, IReadOnlyList<int> cpuNodes, IEnumerable<int> genericInitiatorNodes)
    {
        var onlined = cpuNodes.Concat(genericInitiatorNodes).ToHashSet();
        var cpusOf = new Dictionary<int, List<int>>();
        for (int cpu = 0; cpu < cpuNodes.Count; cpu++)
        {
            if (!cpusOf.TryGetValue(cpuNodes[cpu], out var cpus)) cpusOf[cpuNodes[cpu]] = cpus = new List<int>();
            cpus.Add(cpu);
        }
        var result = new NodeLayout[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
            result[i] = nodes[i] with
            {
                Cpus = cpusOf.TryGetValue(nodes[i].Nid, out var cpus) ? cpus : new List<int>(),
                Online = nodes[i].Online || onlined.Contains(nodes[i].Nid),
            };
        return result;
    }
}
