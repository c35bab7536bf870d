namespace Bootemu.Boot.Zones;

/// <summary>
/// The node_states bits free_area_init sets for a node (check_for_memory): N_MEMORY when the node has
/// present pages, N_NORMAL_MEMORY when one of its kernel zones (DMA, DMA32, Normal) is populated. A node
/// that is all ZONE_MOVABLE has memory but no normal memory.
/// </summary>
internal sealed record NodeState(int Nid, bool HasMemory, bool HasNormalMemory);
