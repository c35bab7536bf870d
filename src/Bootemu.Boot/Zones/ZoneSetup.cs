using Bootemu.Boot.Model;

namespace Bootemu.Boot.Zones;

/// <summary>Everything free_area_init decided, as an immutable model.</summary>
internal sealed record ZoneSetup
{
    /// <summary>arch_zone_lowest/highest_possible_pfn and movable_zone.</summary>
    public required ArchZoneRanges ArchRanges { get; init; }

    /// <summary>movable_zone: the zone ZONE_MOVABLE is carved from.</summary>
    public ZoneType MovableZone => ArchRanges.MovableZone;

    /// <summary>Every possible node in ascending nid order, with all five zones.</summary>
    public required IReadOnlyList<NodeLayout> Nodes { get; init; }

    /// <summary>N_MEMORY / N_NORMAL_MEMORY per possible node, in the order of <see cref="Nodes"/>.</summary>
    public required IReadOnlyList<NodeState> NodeStates { get; init; }

    /// <summary>The pg_data_t allocations made for memoryless possible nodes, in nid order.</summary>
    public required IReadOnlyList<PgdatAllocation> MemorylessPgdats { get; init; }

    public NodeLayout Node(int nid) => Nodes.First(n => n.Nid == nid);

    /// <summary>N_MEMORY: the nodes check_for_memory found memory on, ascending.</summary>
    public IReadOnlyList<int> NodesWithMemory() => NodeStates.Where(s => s.HasMemory).Select(s => s.Nid).ToArray();

    /// <summary>
    /// What stops the real kernel soon after the emulated steps. With no node holding memory, memblock_free_all hands
    /// the page allocator nothing and the first page allocation fails; a possible node whose pg_data_t could not be
    /// allocated is dereferenced by build_all_zonelists, which walks every possible node.
    /// </summary>
    public string? PanicReason()
    {
        if (!NodeStates.Any(s => s.HasMemory))
            return "no usable RAM is left for the page allocator (after the e820 map, mem= and memmap=), so the first page allocation fails and the kernel panics";
        var missing = MemorylessPgdats.Where(p => p.Base == 0).Select(p => p.Nid).ToArray();
        if (missing.Length > 0)
            return $"no memory was found for the pg_data_t of node {string.Join(", ", missing)}, so build_all_zonelists dereferences a missing NODE_DATA and the kernel crashes";
        return null;
    }
}
