using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Numa;

/// <summary>Which numa_init attempt of x86_numa_init succeeded.</summary>
internal enum NumaMethod
{
    /// <summary>The SRAT (x86_acpi_numa_init).</summary>
    Acpi,
    /// <summary>dummy_numa_init: one node 0 over [0, max_pfn).</summary>
    Dummy,
}

/// <summary>Why the SRAT was not used and x86_numa_init fell back to the dummy node.</summary>
internal enum NumaFallbackReason
{
    /// <summary>The SRAT was used.</summary>
    None,
    /// <summary>numa=off: ACPI and AMD NUMA are never tried.</summary>
    NumaOff,
    /// <summary>acpi=off: acpi_numa_init returns -EINVAL at once.</summary>
    AcpiOff,
    /// <summary>numa=noacpi: the SRAT is walked but every handler returns early.</summary>
    NumaNoAcpi,
    /// <summary>The machine has no SRAT.</summary>
    NoSrat,
    /// <summary>A zero-length subtable aborted the memory walk.</summary>
    TableWalkAborted,
    /// <summary>bad_srat disabled the SRAT while it was parsed (bad subtable length, PXM out of range, 2049th range).</summary>
    SratDisabled,
    /// <summary>No enabled, accepted memory entry (-ENOENT).</summary>
    NoMemoryEntries,
    /// <summary>numa_cleanup_meminfo found ranges of different nodes overlapping.</summary>
    NodesOverlap,
    /// <summary>numa_meminfo_cover_memory: the nodes leave 1 MiB or more of RAM without a node.</summary>
    IncompleteCoverage,
}

/// <summary>
/// What x86_numa_init (arch/x86/mm/numa.c) decided: the final numa_meminfo and numa_reserved_meminfo, node masks,
/// NODE_DATA placements, the PXM and APIC maps, distances, max_possible_pfn and the SRAT revision the handlers read.
/// Immutable; <see cref="NumaLookup"/> answers the lookups memory hotplug makes later from its meminfo lists
/// (memory_add_physaddr_to_nid).
/// </summary>
internal sealed class NumaResult
{
    private readonly IReadOnlyDictionary<int, int> _pxmToNode;
    private readonly byte[] _distance;   // numa_distance: [from * _distanceCount + to], as the kernel holds it
    private readonly int _distanceCount; // numa_distance_cnt

    internal NumaResult(
        NumaMethod method,
        NumaFallbackReason fallbackReason,
        IReadOnlyList<NumaMemblk> meminfo,
        IReadOnlyList<NumaMemblk> reservedMeminfo,
        IReadOnlyList<int> possibleNodes,
        IReadOnlyList<int> onlineNodes,
        IReadOnlyList<NodeDataPlacement> nodeData,
        IReadOnlyList<(int Pxm, int Node)> pxmMappings,
        bool numaOff,
        IReadOnlyDictionary<uint, int> apicToNode,
        IReadOnlyList<int> genericInitiatorNodes,
        byte[] distance,
        int distanceCount,
        (ulong Base, ulong Size)? distanceTable,
        Pfn maxPossiblePfn,
        byte sratRevision,
        IReadOnlyList<string> notes)
    {
        Method = method;
        FallbackReason = fallbackReason;
        Meminfo = meminfo;
        ReservedMeminfo = reservedMeminfo;
        PossibleNodes = possibleNodes;
        OnlineNodes = onlineNodes;
        NodeData = nodeData;
        PxmMappings = pxmMappings;
        _pxmToNode = numaOff ? new Dictionary<int, int>() : pxmMappings.ToDictionary(m => m.Pxm, m => m.Node);
        ApicToNode = apicToNode;
        GenericInitiatorNodes = genericInitiatorNodes;
        _distance = distance;
        _distanceCount = distanceCount;
        DistanceTable = distanceTable;
        MaxPossiblePfn = maxPossiblePfn;
        SratRevision = sratRevision;
        Notes = notes;
    }

    public NumaMethod Method { get; }

    /// <summary>Why the dummy node was used (<see cref="NumaFallbackReason.None"/> when the SRAT was used).</summary>
    public NumaFallbackReason FallbackReason { get; }

    public bool UsedDummy => Method == NumaMethod.Dummy;

    /// <summary>numa_meminfo after cleanup: the node ranges backed by RAM, in the kernel's (unsorted) order.</summary>
    public IReadOnlyList<NumaMemblk> Meminfo { get; }

    /// <summary>numa_reserved_meminfo: SRAT ranges without RAM (or above max_pfn), kept for hotplug lookups.</summary>
    public IReadOnlyList<NumaMemblk> ReservedMeminfo { get; }

    /// <summary>node_possible_map, ascending.</summary>
    public IReadOnlyList<int> PossibleNodes { get; }

    /// <summary>node_online_map after x86_numa_init: the nodes that got NODE_DATA, ascending.</summary>
    public IReadOnlyList<int> OnlineNodes { get; }

    /// <summary>alloc_node_data results, in allocation (ascending node) order.</summary>
    public IReadOnlyList<NodeDataPlacement> NodeData { get; }

    /// <summary>PXM → node mappings in the order they were made (they survive a fallback, as in the kernel).</summary>
    public IReadOnlyList<(int Pxm, int Node)> PxmMappings { get; }

    /// <summary>__apicid_to_node of the attempt that succeeded (empty for the dummy node).</summary>
    public IReadOnlyDictionary<uint, int> ApicToNode { get; }

    /// <summary>Nodes marked N_GENERIC_INITIATOR by SRAT type-5 entries.</summary>
    public IReadOnlyList<int> GenericInitiatorNodes { get; }

    /// <summary>The generic initiator entries behind <see cref="GenericInitiatorNodes"/>, in table order, with their device.</summary>
    public IReadOnlyList<GenericInitiator> GenericInitiators { get; init; } = Array.Empty<GenericInitiator>();

    /// <summary>max_possible_pfn: max_pfn raised to the end of every accepted SRAT memory range.</summary>
    public Pfn MaxPossiblePfn { get; }

    /// <summary>
    /// acpi_srat_revision: the SRAT header's revision as acpi_numa_init read it (0 when no SRAT was parsed). It decides
    /// how many bits of a proximity domain the handlers read.
    /// </summary>
    public byte SratRevision { get; }

    /// <summary>bootemu's notes about input the kernel would have read in undefined ways.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// emu_nid_to_phys: the physical node of every node id under numa=fake= (NUMA_NO_NODE past the fake ones on 6.12),
    /// the identity without emulation. numa_add_cpu lists a CPU on every online node of its node's physical node.
    /// </summary>
    public required IReadOnlyList<int> EmuNidToPhys { get; init; }

    /// <summary>Whether the nodes are numa=fake= nodes (emulation ran and was kept).</summary>
    public bool Emulated { get; init; }

    /// <summary>The panic NUMA init ended in (the kernel's message), or null when it did not.</summary>
    public string? Panic { get; init; }

    /// <summary>
    /// The memblock allocation holding numa_distance (page-aligned, numa_distance_cnt² bytes), when a valid SLIT made
    /// one; like NODE_DATA it is an early allocation that pins the memory it sits on.
    /// </summary>
    public (ulong Base, ulong Size)? DistanceTable { get; }

    /// <summary>numa_distance_cnt: the size of the distance table (0 without a valid SLIT).</summary>
    public int DistanceTableSize => _distanceCount;

    /// <summary>
    /// node_distance (__node_distance) from <paramref name="from"/> to every node 0 .. <paramref name="row"/>.Length - 1,
    /// into <paramref name="row"/>: the SLIT's value, or 10 to itself and 20 otherwise. A row at a time, because the
    /// zonelists and the JSON read a million entries of it.
    /// </summary>
    public void DistancesFrom(int from, Span<int> row)
    {
        int inTable = from >= 0 && from < _distanceCount ? Math.Min(row.Length, _distanceCount) : 0;
        var fromTable = inTable == 0 ? default : _distance.AsSpan(from * _distanceCount, inTable);
        for (int to = 0; to < inTable; to++)
            row[to] = fromTable[to];
        for (int to = inTable; to < row.Length; to++)
            row[to] = from == to ? NumaConstants.LocalDistance : NumaConstants.RemoteDistance;
    }

    /// <summary>Why the dummy node was used, as a phrase; null when the SRAT was used.</summary>
    public string? FallbackText() => !UsedDummy ? null : FallbackReason switch
    {
        NumaFallbackReason.NumaOff => "numa=off",
        NumaFallbackReason.AcpiOff => "acpi=off",
        NumaFallbackReason.NumaNoAcpi => "numa=noacpi",
        NumaFallbackReason.NoSrat => "the machine has no SRAT",
        NumaFallbackReason.TableWalkAborted => "a zero-length SRAT subtable aborted the walk",
        NumaFallbackReason.SratDisabled => "the kernel rejected the SRAT (\"SRAT not used\")",
        NumaFallbackReason.NoMemoryEntries => "the SRAT has no usable memory entry",
        NumaFallbackReason.NodesOverlap => "memory ranges of different nodes overlap",
        NumaFallbackReason.IncompleteCoverage => "the nodes do not cover all e820 RAM",
        _ => FallbackReason.ToString(),
    };

    /// <summary>pxm_to_node: NUMA_NO_NODE for an unmapped PXM, and for every PXM under numa=off.</summary>
    public int PxmToNode(int pxm) => _pxmToNode.TryGetValue(pxm, out int node) ? node : NumaConstants.NoNode;

    /// <summary>
    /// The node of every possible CPU once setup_arch is done: numa_init_array first deals CPUs out round-robin
    /// over the online nodes, then init_cpu_to_node gives each CPU whose APIC id the SRAT mapped that node.
    /// <paramref name="cpuApicIds"/> holds the APIC id of CPU 0, 1, ... (the MADT's order).
    /// </summary>
    public IReadOnlyList<int> CpuToNode(IReadOnlyList<uint> cpuApicIds)
    {
        var nodes = new int[cpuApicIds.Count];
        for (int cpu = 0; cpu < nodes.Length; cpu++)
        {
            nodes[cpu] = ApicToNode.TryGetValue(cpuApicIds[cpu], out int node)
                ? node
                : OnlineNodes.Count == 0 ? NumaConstants.NoNode : OnlineNodes[cpu % OnlineNodes.Count];
        }
        return nodes;
    }
}
