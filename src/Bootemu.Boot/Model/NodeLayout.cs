using Bootemu.Core;

namespace Bootemu.Boot.Model;

/// <summary>
/// One NUMA node after boot: whether it is online (got NODE_DATA), its pfn span, its zones, and
/// whether ZONE_MOVABLE starts on it (zone_movable_pfn). <see cref="Cpus"/> are the CPUs whose cpu_to_node is this node.
/// </summary>
public sealed record NodeLayout(
    int Nid,
    bool Online,
    Pfn StartPfn,
    Pfn EndPfn,
    Pfn? MovableStartPfn,
    IReadOnlyList<ZoneLayout> Zones,
    IReadOnlyList<int> Cpus)
{
    public ulong SpannedPages => (ulong)Zones.Sum(z => (decimal)z.SpannedPages);
    public ulong PresentPages => (ulong)Zones.Sum(z => (decimal)z.PresentPages);
    public ZoneLayout Zone(ZoneType type) => Zones.First(z => z.Zone == type);

    /// <summary>
    /// node_to_cpumask_map as numa_add_cpu fills it (sysfs nodeN/cpulist): under numa=fake= a CPU is listed on every
    /// online node of its node's physical node; otherwise exactly <see cref="Cpus"/> (null stands for that).
    /// </summary>
    public IReadOnlyList<int>? CpuList { get; init; }

    /// <summary><see cref="CpuList"/>, or <see cref="Cpus"/> where the two agree.</summary>
    public IReadOnlyList<int> CpuListOrCpus => CpuList ?? Cpus;
}
