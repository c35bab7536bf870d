namespace Bootemu.Memblock;

/// <summary>struct memblock_region: one contiguous range of a memblock type.</summary>
public readonly record struct MemblockRegion(ulong Base, ulong Size, MemblockFlags Flags, int Nid)
{
    /// <summary>The first address past the region (base + size).</summary>
    public ulong End => Base + Size;
}
