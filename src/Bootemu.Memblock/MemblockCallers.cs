namespace Bootemu.Memblock;

/// <summary>
/// The <c>%pS</c> texts ("symbol+0xoffset/0xsize") that memblock=debug lines print for calls made from
/// inside memblock itself. The offsets belong to the Debian 6.1.192-2 amd64 build and were harvested
/// from the memblock=debug conformance boot (tests/conformance/memblock_debug_srat2_hp1_movable_node).
/// </summary>
public static class MemblockCallers
{
    /// <summary>The reservation of an allocation found on the requested node (or with NUMA_NO_NODE).</summary>
    public const string AllocRangeNidFirstTry = "memblock_alloc_range_nid+0xb0/0x13d";

    /// <summary>The reservation of an allocation found by the any-node fallback.</summary>
    public const string AllocRangeNidAnyNode = "memblock_alloc_range_nid+0xee/0x13d";

    /// <summary>
    /// The reservation of a doubled region array. No boot in the conformance set doubled an array,
    /// so the build's offset is unknown and only the symbol is printed.
    /// </summary>
    public const string DoubleArray = "memblock_double_array";

    /// <summary>The release of a previously doubled array (memblock_free on the old array); offset unknown, as above.</summary>
    public const string FreeOldArray = "memblock_free";
}
