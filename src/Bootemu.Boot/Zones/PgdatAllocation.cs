namespace Bootemu.Boot.Zones;

/// <summary>
/// The pg_data_t free_area_init allocates for a possible node that got no NODE_DATA during NUMA init
/// (arch_alloc_nodedata: memblock_alloc of sizeof(pg_data_t), cache-line aligned, any node). A Base of
/// 0 means memblock had no room; the kernel then prints an error and leaves the node uninitialised.
/// </summary>
internal sealed record PgdatAllocation(int Nid, ulong Base, ulong Size);
