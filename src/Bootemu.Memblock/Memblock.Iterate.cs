using Bootemu.Core;

namespace Bootemu.Memblock;

// Walking memory and free memory (__next_mem_range, __next_mem_range_rev, __next_mem_pfn_range).
public sealed partial class Memblock
{
    private bool _warnedNextMemRange;
    private bool _warnedNextMemRangeRev;

    // As of memory version _indexVersion: the memory regions of each node, and the regions a walk for
    // (nid, flags, movable_node) does not skip, each as region indexes in address order.
    private readonly Dictionary<int, List<int>> _regionsOfNode = new();
    private readonly Dictionary<(int Nid, MemblockFlags Flags, bool MovableNode), int[]> _walked = new();
    private int _indexVersion = -1;

    /// <summary>
    /// for_each_mem_pfn_range: each memory region's whole pages as [PFN_UP(base), PFN_DOWN(end)),
    /// with its nid. Regions holding no whole page are skipped, adjacent regions are not joined.
    /// <paramref name="nid"/> selects one node; MAX_NUMNODES (the kernel's "all") and NUMA_NO_NODE
    /// both mean every region.
    /// </summary>
    public IEnumerable<(Pfn Start, Pfn End, int Nid)> MemPfnRanges(int nid = NumaNoNode) => MemPfnRanges(Memory.Entries, nid);

    /// <summary>
    /// <see cref="MemPfnRanges(int)"/> over memory regions in address order: the live array (its zero-size
    /// placeholder holds no page, so it is skipped) or a snapshot such as a finished boot's memblock.memory.
    /// </summary>
    public static IEnumerable<(Pfn Start, Pfn End, int Nid)> MemPfnRanges(IReadOnlyList<MemblockRegion> regions, int nid = NumaNoNode)
    {
        // By index, re-reading the count each step as the kernel's loop does: no enumerator to trip over a list that changes mid-walk.
        for (int i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
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
    public IEnumerable<(ulong Start, ulong End, int Nid)> FreeRanges(int nid, MemblockFlags flags, bool reverse = false)
    {
        var walk = FreeRangeWalk(nid, flags, reverse);
        while (walk.MoveNext()) yield return walk.Current;
    }

    /// <summary>
    /// A walk over the free ranges (<see cref="FreeRanges"/>) of the memory regions that overlap
    /// [<paramref name="lowest"/>, <paramref name="highest"/>), the parts of the ranges outside it included. The
    /// kernel walks every region and lets the caller clamp; the regions left out would only give ranges the caller
    /// clamps to nothing.
    /// </summary>
    /// <remarks>
    /// A reverse walk given <paramref name="minLength"/> (at least 1) also leaves out the ranges of reserved gaps
    /// shorter than it (<see cref="MemblockType.HighestGapAtLeast"/>): a range is part of one gap, so none of them
    /// could hold that many bytes.
    /// </remarks>
    private FreeRangeCursor FreeRangeWalk(int nid, MemblockFlags flags, bool reverse, ulong lowest = 0, ulong highest = ulong.MaxValue,
        ulong minLength = 0)
    {
        nid = reverse ? DeprecatedMaxNumNodes(nid, ref _warnedNextMemRangeRev) : DeprecatedMaxNumNodes(nid, ref _warnedNextMemRange);
        var walked = WalkedRegions(nid, flags);
        int first = reverse ? CountStartingBelow(walked, highest) : FirstEndingAbove(walked, lowest);
        return new FreeRangeCursor(Memory, Reserved, walked, reverse, lowest, highest, first, minLength);
    }

    /// <summary>
    /// __next_mem_range / __next_mem_range_rev as a cursor (MoveNext, then Current): for each memory region in
    /// turn, the gaps between reserved regions that overlap it. Where a region's walk starts does not change its
    /// ranges, so each region's first gap is found by binary search, not by walking the reserved regions below
    /// (above) it one by one as the kernel does. Same ranges, same order (less, with a minimum length, the ranges of
    /// the gaps shorter than it, which the reverse walk jumps over with <see cref="MemblockType.HighestGapAtLeast"/>).
    /// </summary>
    private struct FreeRangeCursor(MemblockType memory, MemblockType reserved, int[] walked, bool reverse,
        ulong lowest, ulong highest, int first, ulong minLength)
    {
        private int _next = first;          // forward: the next walked region; reverse: one past it
        private int _gap = reverse ? reserved.Count : 0; // gap i runs from the end of reserved i-1 to the start of reserved i
        private bool _inRegion;
        private MemblockRegion _region;

        public (ulong Start, ulong End, int Nid) Current { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                if (!_inRegion && !NextRegion()) return false;
                if (reverse ? NextGapDown() : NextGapUp()) return true;
                _inRegion = false;
            }
        }

        private bool NextRegion()
        {
            if (reverse)
            {
                // No gap below is long enough (only a walk with a minimum length gets here): nothing more to give.
                if (_next <= 0 || _gap < 0) return false;
                _region = memory[walked[--_next]];
                if (_region.End <= lowest && _region.Size != 0) { _next = 0; return false; }
                // The gaps that start at or above the region's end give nothing for it (nor for any region below).
                if (_region.Size != 0) _gap = Math.Min(_gap, reserved.CountEndingBelow(_region.End));
            }
            else
            {
                if (_next >= walked.Length) return false;
                _region = memory[walked[_next++]];
                if (_region.Base >= highest) { _next = walked.Length; return false; }
                // The gaps that end at or below the region's base give nothing for it (nor for any region above).
                if (_region.Size != 0) _gap = Math.Max(_gap, reserved.CountStartingAtOrBelow(_region.Base));
            }
            _inRegion = true;
            return true;
        }

        private ulong GapStart => _gap > 0 ? reserved[_gap - 1].End : 0;
        private ulong GapEnd => _gap < reserved.Count ? reserved[_gap].Base : ulong.MaxValue;

        private bool NextGapUp()
        {
            for (; _gap < reserved.Count + 1; _gap++)
            {
                ulong gapStart = GapStart, gapEnd = GapEnd;
                if (gapStart >= _region.End) return false;
                if (_region.Base < gapEnd)
                {
                    Current = (Math.Max(_region.Base, gapStart), Math.Min(_region.End, gapEnd), _region.Nid);
                    // Whichever ends first is advanced for the next step.
                    if (_region.End <= gapEnd) _inRegion = false;
                    else _gap++;
                    return true;
                }
            }
            return false;
        }

        private bool NextGapDown()
        {
            for (; _gap >= 0; _gap--)
            {
                if (minLength > 0 && GapEnd - GapStart < minLength && (_gap = reserved.HighestGapAtLeast(_gap, minLength)) < 0)
                    return false;
                ulong gapStart = GapStart, gapEnd = GapEnd;
                if (gapEnd <= _region.Base) return false;
                if (_region.End > gapStart)
                {
                    Current = (Math.Max(_region.Base, gapStart), Math.Min(_region.End, gapEnd), _region.Nid);
                    if (_region.Base >= gapStart) _inRegion = false;
                    else _gap--;
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// The indexes, ascending, of the memory regions a free-range walk for (<paramref name="nid"/>,
    /// <paramref name="flags"/>) does not skip (<see cref="ShouldSkipRegion"/>). The kernel looks at every region and
    /// skips the others on each walk; a boot walks thousands of times over a memory map that has stopped changing,
    /// so the answer is kept until memory changes (same ranges, same order).
    /// </summary>
    private int[] WalkedRegions(int nid, MemblockFlags flags)
    {
        if (_indexVersion != Memory.Version)
        {
            _regionsOfNode.Clear();
            _walked.Clear();
            for (int i = 0; i < Memory.Count; i++)
            {
                if (!_regionsOfNode.TryGetValue(Memory[i].Nid, out var list)) _regionsOfNode[Memory[i].Nid] = list = new List<int>();
                list.Add(i);
            }
            _indexVersion = Memory.Version;
        }
        if (_walked.TryGetValue((nid, flags, MovableNode), out var walked)) return walked;
        IEnumerable<int> candidates = nid == NumaNoNode ? Enumerable.Range(0, Memory.Count)
            : _regionsOfNode.TryGetValue(nid, out var ofNode) ? ofNode : Array.Empty<int>();
        walked = candidates.Where(i => !ShouldSkipRegion(Memory[i], nid, flags)).ToArray();
        _walked[(nid, flags, MovableNode)] = walked;
        return walked;
    }

    /// <summary>How many of the regions <paramref name="walked"/> names end at or below <paramref name="addr"/>.</summary>
    private int FirstEndingAbove(int[] walked, ulong addr) => CountBefore(walked, addr, byEnd: true);

    /// <summary>How many of the regions <paramref name="walked"/> names start below <paramref name="addr"/>.</summary>
    private int CountStartingBelow(int[] walked, ulong addr) => CountBefore(walked, addr, byEnd: false);

    /// <summary>
    /// Binary search: how many leading regions of <paramref name="walked"/> (in address order) end at or below
    /// <paramref name="addr"/> (<paramref name="byEnd"/>) or start below it. (A search per allocation: no delegate.)
    /// </summary>
    private int CountBefore(int[] walked, ulong addr, bool byEnd)
    {
        int lo = 0, hi = walked.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = Memory[walked[mid]];
            if (byEnd ? r.End <= addr : r.Base < addr) lo = mid + 1;
            else hi = mid;
        }
        return lo;
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
