namespace Bootemu.Boot.Model;

/// <summary>
/// A memblock allocation or reservation made during boot that stays PageReserved afterwards
/// (kernel image, initrd, NODE_DATA, memmap, page tables, ...): exactly what pins memory and
/// makes a block impossible to offline.
/// </summary>
/// <param name="Kind">What the kernel allocated it for: how program code tells allocations apart.</param>
/// <param name="What">A short name a person recognises, e.g. "NODE_DATA(1)", "memmap node 1", "kernel image".</param>
/// <param name="Base">Physical start.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="RequestedNid">The node the kernel asked for (-1 for any).</param>
/// <param name="Nid">The node the range actually sits on (-1 when it is outside every node).</param>
public sealed record EarlyAllocation(EarlyAllocationKind Kind, string What, ulong Base, ulong Size, int RequestedNid, int Nid)
{
    public ulong End => Base + Size;
}

/// <summary>What an early allocation or reservation is for.</summary>
public enum EarlyAllocationKind
{
    KernelImage,
    FirstPages,
    BiosRegion,
    Initrd,
    Brk,
    Trampoline,
    LowMemory,
    PageTables,
    AcpiTable,
    NodeData,
    NumaDistance,
    MemSectionRoots,
    SectionRoot,
    Usemap,
    Memmap,
    VmemmapPageTable,
    Percpu,
    FixmapPageTables,
    Swiotlb,
    /// <summary>The dentry and inode hash tables, taken from memblock when hash distribution is off (one memory node).</summary>
    VfsHashTable,
}

/// <summary>An early allocation's kind with the name a person reads (which may carry its node or table).</summary>
public readonly record struct AllocationName(EarlyAllocationKind Kind, string What)
{
    public override string ToString() => What;
}
