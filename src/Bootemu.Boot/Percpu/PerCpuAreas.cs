using System.Numerics;
using System.Text;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Setup;
using Bootemu.Core.Logging;

namespace Bootemu.Boot.Percpu;

/// <summary>
/// setup_per_cpu_areas() → pcpu_embed_first_chunk() (mm/percpu.c): the first per-CPU chunk, one
/// 2 MiB-aligned block per group of CPUs that share a node, allocated on that node (falling back to
/// any node: under movable_node a hot-pluggable node's CPUs get their per-CPU memory elsewhere), of
/// which each CPU keeps its first pages (62 on 6.1, 66 on 6.12) and the unit's tail is given back. What stays is
/// PageReserved for good, so it pins the node it lands on. It prints the kernel's lines on the way: setup_per_cpu_areas'
/// counts, the chunk's sizes ("percpu: Embedded ...") and pcpu_dump_alloc_info's map of groups and units (KERN_DEBUG,
/// so in every dmesg).
/// </summary>
internal static class PerCpuAreas
{
    private const ulong AtomSize = 2UL << 20;

    /// <summary>NR_CPUS of both Debian builds (CONFIG_NR_CPUS=8192; CONFIG_CPUMASK_OFFSTACK makes nr_cpumask_bits nr_cpu_ids).</summary>
    private const int NrCpus = 8192;

    /// <param name="cpuNodes">For each possible CPU in cpu-number order, its node (cpu_to_node).</param>
    /// <param name="nodeIds">nr_node_ids: the highest possible node id plus one.</param>
    public static void Run(Memblock.Memblock memblock, IReadOnlyList<int> cpuNodes, int nodeIds, BootAllocations allocations, KernelModel kernel,
        KernelLog log)
    {
        if (cpuNodes.Count == 0) return;
        log.Info($"setup_percpu: NR_CPUS:{NrCpus} nr_cpumask_bits:{cpuNodes.Count} nr_cpu_ids:{cpuNodes.Count} nr_node_ids:{nodeIds}");
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
            var name = BootAllocationNames.Percpu(groups[g].Nid);
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
                allocations.Add(name, unit, kernel.PercpuUnitUsed, groups[g].Nid);
            }
        }
        var sizes = kernel.PercpuChunk;
        log.Info($"percpu: Embedded {kernel.PercpuUnitUsed / 4096} pages/cpu s{sizes.Static} r{sizes.Reserved} d{DynamicSize(kernel)} u{unitSize}");
        foreach (var line in AllocInfoLines(groups, cpuNodes.Count, upa, unitSize, kernel)) log.Debug(line);
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
    private static List<CpuGroup> GroupByNode(IReadOnlyList<int> cpuNodes)
    {
        var groups = new List<CpuGroup>();
        var index = new Dictionary<int, int>();
        for (int cpu = 0; cpu < cpuNodes.Count; cpu++)
        {
            int nid = cpuNodes[cpu];
            if (!index.TryGetValue(nid, out int g)) { index[nid] = g = groups.Count; groups.Add(new CpuGroup(nid, new List<int>())); }
            groups[g].CpuIds.Add(cpu);
        }
        return groups;
    }

    /// <summary>One group of pcpu_build_alloc_info: a node's CPUs, ascending.</summary>
    private sealed record CpuGroup(int Nid, List<int> CpuIds)
    {
        public int Cpus => CpuIds.Count;
    }

    /// <summary>
    /// pcpu_dump_alloc_info: the sizes, then each allocation as <c>[group] cpu cpu ...</c> (unused units as dashes),
    /// ids zero-padded to the widest, as many allocations per line as fit in 60 columns (rounded down to a power of two).
    /// </summary>
    private static IEnumerable<string> AllocInfoLines(List<CpuGroup> groups, int possibleCpus, int upa, ulong unitSize, KernelModel kernel)
    {
        int groupWidth = Digits(groups.Count), cpuWidth = Digits(possibleCpus);
        string empty = new('-', Math.Min(cpuWidth, 8));
        int width = upa * (cpuWidth + 1) + groupWidth + 3;
        int perLine = 1 << BitOperations.Log2((uint)Math.Max(60 / width, 1)); // rounddown_pow_of_two
        var sizes = kernel.PercpuChunk;
        yield return $"pcpu-alloc: s{sizes.Static} r{sizes.Reserved} d{DynamicSize(kernel)} u{unitSize} alloc=1*{AtomSize}";
        var line = new StringBuilder();
        int alloc = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            int units = RoundUp(groups[g].Cpus, upa);
            for (int first = 0; first < units; first += upa, alloc++)
            {
                if (alloc % perLine == 0)
                {
                    if (line.Length > 0) yield return line.ToString();
                    line.Clear().Append("pcpu-alloc: ");
                }
                line.Append('[').Append(g.ToString().PadLeft(groupWidth, '0')).Append("] ");
                for (int u = first; u < first + upa; u++)
                    line.Append(u < groups[g].Cpus ? groups[g].CpuIds[u].ToString().PadLeft(cpuWidth, '0') : empty).Append(' ');
            }
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>
    /// ai->dyn_size as pcpu_embed_first_chunk leaves it: the page-aligned unit less the static and reserved parts, so
    /// the dynamic area takes up what the alignment adds.
    /// </summary>
    private static ulong DynamicSize(KernelModel kernel) => kernel.PercpuUnitUsed - kernel.PercpuChunk.Static - kernel.PercpuChunk.Reserved;

    /// <summary>The digits of a positive count, as the kernel's width loops count them.</summary>
    private static int Digits(int value)
    {
        int digits = 1;
        while ((value /= 10) != 0) digits++;
        return digits;
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
