namespace Bootemu.Core.Mm;

/// <summary>The node limits and sentinels of x86_64 with Debian's configuration (include/linux/numa.h, NODES_SHIFT 10).</summary>
public static class NumaNodes
{
    /// <summary>MAX_NUMNODES: also the nid of memblock regions that belong to no node yet.</summary>
    public const int MaxNumNodes = 1024;

    /// <summary>NUMA_NO_NODE: "any node" in queries and allocations.</summary>
    public const int NoNode = -1;

    /// <summary>LOCAL_DISTANCE: a node's distance to itself, and a SLIT's required diagonal.</summary>
    public const int LocalDistance = 10;

    /// <summary>REMOTE_DISTANCE: the distance between two nodes when no valid SLIT says otherwise.</summary>
    public const int RemoteDistance = 20;
}
