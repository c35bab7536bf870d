namespace Bootemu.Memblock;

/// <summary>
/// The <c>%pS</c> texts ("symbol+0xoffset/0xsize") that memblock=debug lines print for calls made from inside
/// memblock itself. Offsets and sizes belong to one kernel build, so each build bootemu models has its own instance,
/// harvested from that build's memblock=debug conformance boot (memblock_debug_srat2_hp1_movable_node).
/// </summary>
public sealed record MemblockCallers
{
    /// <summary>The reservation of an allocation found on the requested node (or with NUMA_NO_NODE).</summary>
    public required string AllocRangeNidFirstTry { get; init; }

    /// <summary>The reservation of an allocation found by the any-node fallback.</summary>
    public required string AllocRangeNidAnyNode { get; init; }

    /// <summary>
    /// The reservation of a doubled region array. No boot in the conformance sets doubled an array, so the build's
    /// offset is unknown and only the symbol is printed.
    /// </summary>
    public string DoubleArray { get; init; } = "memblock_double_array";

    /// <summary>The release of a previously doubled array (memblock_free on the old array); offset unknown, as above.</summary>
    public string FreeOldArray { get; init; } = "memblock_free";

    /// <summary>Debian 6.1.0-56-amd64 (6.1.192-2).</summary>
    public static MemblockCallers Linux61 { get; } = new()
    {
        AllocRangeNidFirstTry = "memblock_alloc_range_nid+0xb0/0x13d",
        AllocRangeNidAnyNode = "memblock_alloc_range_nid+0xee/0x13d",
    };

    /// <summary>Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1).</summary>
    public static MemblockCallers Linux612 { get; } = new()
    {
        AllocRangeNidFirstTry = "memblock_alloc_range_nid+0xbd/0x180",
        AllocRangeNidAnyNode = "memblock_alloc_range_nid+0x101/0x180",
    };
}
