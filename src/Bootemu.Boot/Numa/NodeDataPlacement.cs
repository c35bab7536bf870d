namespace Bootemu.Boot.Numa;

/// <summary>Where alloc_node_data put a node's pg_data_t (on another node's memory when its own had no room).</summary>
internal readonly record struct NodeDataPlacement(int Nid, ulong Base, ulong Size);
