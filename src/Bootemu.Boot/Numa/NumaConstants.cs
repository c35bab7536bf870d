namespace Bootemu.Boot.Numa;

/// <summary>The NUMA limits and sentinels of Linux 6.1 x86_64 with Debian's configuration (reference §8).</summary>
public static class NumaConstants
{
    /// <summary>MAX_NUMNODES (NODES_SHIFT = 10).</summary>
    public const int MaxNumNodes = 1024;

    /// <summary>NUMA_NO_NODE.</summary>
    public const int NoNode = -1;

    /// <summary>MAX_PXM_DOMAINS: MAX_NUMNODES, because that is above 256.</summary>
    public const int MaxPxmDomains = MaxNumNodes;

    /// <summary>MAX_LOCAL_APIC on 64-bit.</summary>
    public const uint MaxLocalApic = 32768;

    /// <summary>LOCAL_DISTANCE and REMOTE_DISTANCE: the distances used when no valid SLIT says otherwise.</summary>
    public const int LocalDistance = 10;
    public const int RemoteDistance = 20;

    /// <summary>roundup(sizeof(pg_data_t), PAGE_SIZE) on Debian 6.1.192 amd64 [boot-checked].</summary>
    public const ulong NodeDataSize = 0x2b000;

    /// <summary>SMP_CACHE_BYTES: the alignment alloc_node_data asks for.</summary>
    public const ulong NodeDataAlign = 64;

    /// <summary>-EINVAL, -ENOENT, -ENODEV as the kernel's int results carry them.</summary>
    public const int EInval = -22;
    public const int ENoEnt = -2;
    public const int ENoDev = -19;
}
