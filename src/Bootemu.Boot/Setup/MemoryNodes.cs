using Bootemu.Memblock;

namespace Bootemu.Boot.Setup;

/// <summary>Looks up which node owns an address in memblock.memory (the early_pfn_to_nid question).</summary>
public static class MemoryNodes
{
    /// <summary>
    /// The nid of the memory region containing <paramref name="address"/>, or -1 when no region does
    /// (or the region has no node yet). Binary search: regions are sorted and disjoint.
    /// </summary>
    public static int NidAt(IReadOnlyList<MemblockRegion> memory, ulong address)
    {
        int lo = 0, hi = memory.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = memory[mid];
            if (r.End <= address) lo = mid + 1;
            else if (r.Base > address) hi = mid - 1;
            else return r.Nid == Memblock.Memblock.MaxNumNodes ? -1 : r.Nid;
        }
        return -1;
    }
}
