using Bootemu.Boot.Kernel;
using Bootemu.Boot.Setup;

namespace Bootemu.Boot.Percpu;

/// <summary>
/// setup_per_cpu_areas() → pcpu_embed_first_chunk() (mm/percpu.c): the first per-CPU chunk, one
/// 2 MiB-aligned block per group of CPUs that share a node, allocated on that node (falling back to
/// any node: under movable_node a hot-pluggable node's CPUs get their per-CPU memory elsewhere), of
/// which each CPU keeps its first 62 pages and the unit's tail is given back. What stays is
/// PageReserved for good, so it pins the node it lands on.
/// </summary>
internal static class PerCpuAreas
{
    private const ulong AtomSize = 2UL << 20;

    /// <param name="cpuNodes">For each possible CPU in cpu-number order, its node (cpu_to_node).</param>
    public static void Run(Memblock.Memblock memblock, IReadOnlyList<int> cpuNodes, BootAllocations allocations, KernelModel kernel)
    {
        if (cpuNodes.Count == 0) return;
        var groups = GroupByNode(cpuNodes);
        int upa = UnitsPerAllocation(groups.Select(g => g.Cpus).ToList(), cpuNodes.Count, kernel.PercpuUnitUsed);
        ulong unitSize = AtomSize / (ulong)upa;

        // The bookkeeping pcpu_alloc_alloc_info and the group-pointer array take first (both freed at
        // the end): 64 header bytes, 24 per group, 4 per unit, then one pointer per group.
        int totalUnits = groups.Sum(g => RoundUp(g.Cpus, upa));
        ulong infoSize = PageAlign(64 + 24 * (ulong)groups.Count + 4 * (ulong)totalUnits);
        ulong info = memblock.AllocTryNid(infoSize, 4096, 0, Memblock.Memblock.AllocAccessible, Memblock.Memblock.NumaNoNode,
            kernel.Callers.PcpuAllocInfo);
        ulong areasSize = PageAlign(8 * (ulong)groups.Count);
        ulong areas = memblock.AllocTryNid(areasSize, 64, 0, Memblock.Memblock.AllocAccessible, Memblock.Memblock.NumaNoNode,
            kernel.Callers.PcpuAreas);

        var bases = new ulong[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            ulong units = (ulong)RoundUp(groups[g].Cpus, upa);
            bases[g] = memblock.AllocTryNid(units * unitSize, AtomSize, DebianKernelBuild.MaxDmaAddress, Memblock.Memblock.AllocAccessible,
                groups[g].Nid, kernel.Callers.PcpuFcAlloc);
        }
        for (int g = 0; g < groups.Count; g++)
        {
            if (bases[g] == 0) continue;
            int units = RoundUp(groups[g].Cpus, upa);
            for (int u = 0; u < units; u++)
            {
                ulong unit = bases[g] + (ulong)u * unitSize;
                if (u >= groups[g].Cpus)
                {
                    // An unused unit (the group's CPU count is not a multiple of units per allocation): all of it goes back.
                    memblock.PhysFree(unit, unitSize);
                    continue;
                }
                memblock.PhysFree(unit + kernel.PercpuUnitUsed, unitSize - kernel.PercpuUnitUsed,
                    kernel.Callers.PcpuFreeUnitTail);
                allocations.Add(BootAllocationNames.Percpu(groups[g].Nid), unit, kernel.PercpuUnitUsed, groups[g].Nid);
            }
        }
        // pcpu_free_alloc_info first, then the group pointer array.
        if (info != 0) memblock.PhysFree(info, infoSize, kernel.Callers.PcpuFreeAllocInfo);
        if (areas != 0) memblock.PhysFree(areas, areasSize, kernel.Callers.PcpuFreeAreas);
    }

    private static ulong PageAlign(ulong size) => (size + 4095) & ~4095UL;

    /// <summary>
    /// pcpu_build_alloc_info's grouping with pcpu_cpu_distance: CPUs further apart than
    /// LOCAL_DISTANCE never share a group, so there is one group per node, numbered in the order
    /// the nodes first appear among the CPUs.
    /// </summary>
    private static List<(int Nid, int Cpus)> GroupByNode(IReadOnlyList<int> cpuNodes)
    {
        var groups = new List<(int Nid, int Cpus)>();
        var index = new Dictionary<int, int>();
        foreach (int nid in cpuNodes)
        {
            if (index.TryGetValue(nid, out int g)) groups[g] = (nid, groups[g].Cpus + 1);
            else { index[nid] = groups.Count; groups.Add((nid, 1)); }
        }
        return groups;
    }

    /// <summary>
    /// pcpu_build_alloc_info's choice of units per 2 MiB allocation: the largest count that still
    /// gives page-aligned units of at least the first chunk's size, then fewer while that wastes no
    /// more than a third of the CPUs' worth of units and does not need more allocations.
    /// </summary>
    private static int UnitsPerAllocation(IReadOnlyList<int> groupCpus, int possibleCpus, ulong unitUsed)
    {
        int maxUpa = (int)(AtomSize / unitUsed);
        while (AtomSize % (ulong)maxUpa != 0 || (AtomSize / (ulong)maxUpa) % 4096 != 0) maxUpa--;

        int best = 1, lastAllocs = int.MaxValue;
        for (int upa = maxUpa; upa > 0; upa--)
        {
            if (AtomSize % (ulong)upa != 0 || (AtomSize / (ulong)upa) % 4096 != 0) continue;
            int allocs = 0, wasted = 0;
            foreach (int cpus in groupCpus)
            {
                int thisAllocs = (cpus + upa - 1) / upa;
                allocs += thisAllocs;
                wasted += thisAllocs * upa - cpus;
            }
            if (wasted > possibleCpus / 3) continue;
            if (allocs > lastAllocs) break;
            lastAllocs = allocs;
            best = upa;
        }
        return best;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
