using Bootemu.Core;

namespace Bootemu.Memblock;

// Walking memory and free memory (__next_mem_range, __next_mem_range_rev, __next_mem_pfn_range).
public sealed partial class Memblock
{
    private bool _warnedNextMemRange;
    private bool _warnedNextMemRangeRev;

    /// <summary>
    /// for_each_mem_pfn_range: each memory region's whole pages as [PFN_UP(base), PFN_DOWN(end)),
    /// with its nid. Regions holding no whole page are skipped, adjacent regions are not joined.
    /// <paramref name="nid"/> selects one node; MAX_NUMNODES (the kernel's "all") and NUMA_NO_NODE
    /// both mean every region.
    /// </summary>
    public IEnumerable<(Pfn Start, Pfn End, int Nid)> MemPfnRanges(int nid = NumaNoNode)
    {
        for (int i = 0; i < Memory.Count; i++)
        {
            var r = Memory[i];
            var start = Pfn.Up(r.Base);
            var end = Pfn.Down(r.End);
            if (start >= end) continue;
            if (nid == MaxNumNodes || nid == NumaNoNode || nid == r.Nid)
                yield return (start, end, r.Nid);
        }
    }

    /// <summary>
    /// for_each_free_mem_range[_reverse]: the parts of memory not covered by reserved, region by
    /// region, skipping the memory regions <see cref="ShouldSkipRegion"/> rules out. Each range carries
    /// its memory region's nid. Ranges may be empty where two reserved regions touch without merging.
    /// </summary>
    public IEnumerable<(ulong Start, ulong End, int Nid)> FreeRanges(int nid, MemblockFlags flags, bool reverse = false) =>
        reverse ? FreeRangesReverse(nid, flags) : FreeRangesForward(nid, flags);

    private IEnumerable<(ulong Start, ulong End, int Nid)> FreeRangesForward(int nid, MemblockFlags flags)
    {
        nid = DeprecatedMaxNumNodes(nid, ref _warnedNextMemRange);
        var mem = Memory;
        var rsv = Reserved;
        int ib = 0;
        for (int ia = 0; ia < mem.Count; ia++)
        {
            var m = mem[ia];
            if (ShouldSkipRegion(m, nid, flags)) continue;
            // The gaps between reserved regions: gap ib runs from the end of region ib-1 to the start of region ib.
            for (; ib < rsv.Count + 1; ib++)
            {
                ulong gapStart = ib > 0 ? rsv[ib - 1].End : 0;
                ulong gapEnd = ib < rsv.Count ? rsv[ib].Base : ulong.MaxValue;
                if (gapStart >= m.End) break;
                if (m.Base < gapEnd)
                {
                    // Whichever ends first is advanced for the next step.
                    bool memoryEndsFirst = m.End <= gapEnd;
                    yield return (Math.Max(m.Base, gapStart), Math.Min(m.End, gapEnd), m.Nid);
                    if (memoryEndsFirst) goto nextMemory;
                }
            }
        nextMemory:;
        }
    }

    private IEnumerable<(ulong Start, ulong End, int Nid)> FreeRangesReverse(int nid, MemblockFlags flags)
    {
        nid = DeprecatedMaxNumNodes(nid, ref _warnedNextMemRangeRev);
        var mem = Memory;
        var rsv = Reserved;
        int ib = rsv.Count;
        for (int ia = mem.Count - 1; ia >= 0; ia--)
        {
            var m = mem[ia];
            if (ShouldSkipRegion(m, nid, flags)) continue;
            for (; ib >= 0; ib--)
            {
                ulong gapStart = ib > 0 ? rsv[ib - 1].End : 0;
                ulong gapEnd = ib < rsv.Count ? rsv[ib].Base : ulong.MaxValue;
                if (gapEnd <= m.Base) break;
                if (m.End > gapStart)
                {
                    bool memoryStartsLast = m.Base >= gapStart;
                    yield return (Math.Max(m.Base, gapStart), Math.Min(m.End, gapEnd), m.Nid);
                    if (memoryStartsLast) goto nextMemory;
                }
            }
        nextMemory:;
        }
    }

    /// <summary>
    /// should_skip_region for memory: wrong node; HOTPLUG under movable_node unless asked for;
    /// not MIRROR when MIRROR is asked for; NOMAP or DRIVER_MANAGED unless asked for.
    /// </summary>
    private bool ShouldSkipRegion(MemblockRegion m, int nid, MemblockFlags flags)
    {
        if (nid != NumaNoNode && nid != m.Nid) return true;
        if (MovableNode && (m.Flags & MemblockFlags.Hotplug) != 0 && (flags & MemblockFlags.Hotplug) == 0) return true;
        if ((flags & MemblockFlags.Mirror) != 0 && (m.Flags & MemblockFlags.Mirror) == 0) return true;
        if ((flags & MemblockFlags.Nomap) == 0 && (m.Flags & MemblockFlags.Nomap) != 0) return true;
        if ((flags & MemblockFlags.DriverManaged) == 0 && (m.Flags & MemblockFlags.DriverManaged) != 0) return true;
        return false;
    }

    /// <summary>The one-time WARN for nid MAX_NUMNODES (each kernel call site has its own once-flag); it then means NUMA_NO_NODE.</summary>
    private int DeprecatedMaxNumNodes(int nid, ref bool warned)
    {
        if (nid != MaxNumNodes) return nid;
        if (!warned)
        {
            warned = true;
            Log.Warn(CutHere);
            Log.Warn("Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead");
        }
        return NumaNoNode;
    }
}
