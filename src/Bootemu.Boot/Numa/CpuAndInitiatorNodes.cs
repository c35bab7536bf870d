using Bootemu.Boot.Model;

namespace Bootemu.Boot.Numa;

/// <summary>
/// init_cpu_to_node, then init_gi_nodes, at the end of setup_arch (arch/x86/mm/numa.c): a node with a CPU or a
/// generic initiator is set online even when it has no memory. free_area_init already gave it a pg_data_t, so only
/// its online bit changes: it gets a sysfs node and /proc/zoneinfo entries, still without N_MEMORY. Then numa_add_cpu
/// lists each CPU on the online nodes of its physical node (more than its own node only under numa=fake=).
/// </summary>
internal static class CpuAndInitiatorNodes
{
    /// <summary>
    /// Each node with its CPUs in ascending order (one pass over the CPUs, not one per node), and online if a CPU or a
    /// generic initiator is on it. (A generic initiator's node left out of node_possible_map by a NUMA fallback has no
    /// layout here; the kernel sets its online bit all the same.) <paramref name="emuNidToPhys"/> is emu_nid_to_phys.
    /// </summary>
    public static IReadOnlyList<NodeLayout> Online(IReadOnlyList<NodeLayout> nodes, IReadOnlyList<int> cpuNodes, IEnumerable<int> genericInitiatorNodes,
        IReadOnlyList<int> emuNidToPhys)
    {
        var onlined = cpuNodes.Concat(genericInitiatorNodes).ToHashSet();
        var cpusOf = new Dictionary<int, List<int>>();
        var cpusOfPhys = new Dictionary<int, List<int>>();
        for (int cpu = 0; cpu < cpuNodes.Count; cpu++)
        {
            Append(cpusOf, cpuNodes[cpu], cpu);
            Append(cpusOfPhys, PhysOf(cpuNodes[cpu]), cpu);
        }
        int PhysOf(int nid) => nid >= 0 && nid < emuNidToPhys.Count ? emuNidToPhys[nid] : nid;

        var result = new NodeLayout[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            int nid = nodes[i].Nid;
            bool online = nodes[i].Online || onlined.Contains(nid);
            var cpus = cpusOf.TryGetValue(nid, out var own) ? own : new List<int>();
            var listed = online && cpusOfPhys.TryGetValue(PhysOf(nid), out var shared) ? shared : new List<int>();
            result[i] = nodes[i] with
            {
                Cpus = cpus,
                Online = online,
                CpuList = listed.SequenceEqual(cpus) ? null : listed,
            };
        }
        return result;
    }

    private static void Append(Dictionary<int, List<int>> lists, int key, int cpu)
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = new List<int>();
        list.Add(cpu);
    }
}
