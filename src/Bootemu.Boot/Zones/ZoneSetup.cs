using Bootemu.Boot.Model;

namespace Bootemu.Boot.Zones;

/// <summary>Everything free_area_init decided, as an immutable model.</summary>
public sealed record ZoneSetup
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
}
