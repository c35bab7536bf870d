namespace Bootemu.Boot.Numa;

/// <summary>Where alloc_node_data put a node's pg_data_t: <paramref name="OnNode"/> differs from <paramref name="Nid"/> when it fell back to another node.</summary>
public readonly record struct NodeDataPlacement(int Nid, ulong Base, ulong Size, int OnNode);
