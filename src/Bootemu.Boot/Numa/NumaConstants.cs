namespace Bootemu.Boot.Numa;

/// <summary>The NUMA limits and sentinels of Linux 6.1 and 6.12 x86_64 with Debian's configuration (include/linux/numa.h, arch/x86/include/asm/apicdef.h).</summary>
internal static class NumaConstants
{
    public const int MaxNumNodes = NumaNodes.MaxNumNodes;
    public const int NoNode = NumaNodes.NoNode;

    /// <summary>MAX_PXM_DOMAINS: MAX_NUMNODES, because that is above 256.</summary>
    public const int MaxPxmDomains = MaxNumNodes;

    /// <summary>MAX_LOCAL_APIC on 64-bit.</summary>
    public const uint MaxLocalApic = Bootemu.Acpi.Srat.SratChecker.MaxLocalApic;

    public const int LocalDistance = NumaNodes.LocalDistance;
    public const int RemoteDistance = NumaNodes.RemoteDistance;

    /// <summary>SMP_CACHE_BYTES: the alignment alloc_node_data asks for.</summary>
    public const ulong NodeDataAlign = 64;

    /// <summary>-EINVAL, -ENOENT, -ENODEV as the kernel's int results carry them.</summary>
    public const int EInval = -(int)Errno.EINVAL;
    public const int ENoEnt = -(int)Errno.ENOENT;
    public const int ENoDev = -(int)Errno.ENODEV;
}
