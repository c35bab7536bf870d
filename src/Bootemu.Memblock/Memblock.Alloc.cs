using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Memblock;

// Allocation (memblock_find_in_range_node, memblock_alloc_range_nid and the public wrappers).
// Every result is a physical address; 0 means "no address", as in the kernel.
public sealed partial class Memblock
{
    private bool _warnedAllocMaxNumNodes;
    private readonly RatelimitState _mirrorWarnAlloc = new();
    private readonly RatelimitState _mirrorWarnFindInRange = new();

    /// <summary>choose_memblock_flags: prefer mirrored memory once the system is known to have some.</summary>
    private MemblockFlags ChooseFlags() => HasSomeMirror ? MemblockFlags.Mirror : MemblockFlags.None;

    /// <summary>
    /// memblock_find_in_range_node: a free, aligned range of <paramref name="size"/> bytes inside
    /// [start, end), top-down (highest first) or bottom-up. ACCESSIBLE and NOLEAKTRACE ends mean
    /// current_limit; the first page is never returned. Nothing is reserved.
    /// </summary>
    public ulong FindInRangeNode(ulong size, ulong align, ulong start, ulong end, int nid, MemblockFlags flags)
    {
        if (end == AllocAccessible || end == AllocNoLeakTrace) end = CurrentLimit;
        start = Math.Max(start, Pfn.PageSize);
        end = Math.Max(start, end);
        return BottomUp ? FindBottomUp(start, end, size, align, nid, flags) : FindTopDown(start, end, size, align, nid, flags);
    }

    /// <summary>__memblock_find_range_bottom_up: the first free range, from below, that fits after aligning up.</summary>
    private ulong FindBottomUp(ulong start, ulong end, ulong size, ulong align, int nid, MemblockFlags flags)
    {
        // Ranges outside [start, end) clamp to nothing that fits: only the regions overlapping it are walked.
        var walk = FreeRangeWalk(nid, flags, reverse: false, start, end);
        while (walk.MoveNext())
        {
            var (s, e, _) = walk.Current;
            ulong thisStart = Clamp(s, start, end);
            ulong thisEnd = Clamp(e, start, end);
            ulong cand = RoundUp(thisStart, align);
            if (cand < thisEnd && thisEnd - cand >= size) return cand;
        }
        return 0;
    }

    /// <summary>__memblock_find_range_top_down: the highest free range that fits after aligning the top end down.</summary>
    private ulong FindTopDown(ulong start, ulong end, ulong size, ulong align, int nid, MemblockFlags flags)
    {
        // Ranges outside [start, end) clamp to nothing that fits (except for a zero size, which fits anywhere), and
        // so do ranges shorter than the size.
        var (lowest, highest) = size == 0 ? (0UL, ulong.MaxValue) : (start, end);
        var walk = FreeRangeWalk(nid, flags, reverse: true, lowest, highest, minLength: size);
        while (walk.MoveNext())
        {
            var (s, e, _) = walk.Current;
            ulong thisStart = Clamp(s, start, end);
            ulong thisEnd = Clamp(e, start, end);
            if (thisEnd < size) continue;
            ulong cand = RoundDown(thisEnd - size, align);
            if (cand >= thisStart) return cand;
        }
        return 0;
    }

    private static ulong Clamp(ulong value, ulong lo, ulong hi) => Math.Min(Math.Max(value, lo), hi);

    /// <summary>
    /// memblock_alloc_range_nid: find and reserve. First on <paramref name="nid"/>, then (unless
    /// <paramref name="exactNid"/>) on any node; when mirrored memory was preferred and none fits, warn
    /// and start over without the preference. A failed reservation counts as not found.
    /// </summary>
    public ulong AllocRangeNid(ulong size, ulong align, ulong start, ulong end, int nid, bool exactNid)
    {
        var flags = ChooseFlags();
        nid = DeprecatedMaxNumNodes(nid, ref _warnedAllocMaxNumNodes);
        // The kernel dumps the stack (build-specific, not reproduced) and uses the cache line size.
        if (align == 0) align = SmpCacheBytes;

        while (true)
        {
            ulong found = FindInRangeNode(size, align, start, end, nid, flags);
            if (found != 0 && Reserve(found, size, Callers.AllocRangeNidFirstTry) == 0) return found;

            if (nid != NumaNoNode && !exactNid)
            {
                found = FindInRangeNode(size, align, start, end, NumaNoNode, flags);
                if (found != 0 && Reserve(found, size, Callers.AllocRangeNidAnyNode) == 0) return found;
            }

            if ((flags & MemblockFlags.Mirror) == 0) return 0;
            flags &= ~MemblockFlags.Mirror;
            _mirrorWarnAlloc.Warn(Log, $"Could not allocate {Printk.Pa(size)} bytes of mirrored memory");
        }
    }

    /// <summary>
    /// memblock_phys_alloc_range: allocate in [start, end) on any node. The end is taken as given
    /// (ANYWHERE is not capped at current_limit); only 0 and 1 mean current_limit.
    /// </summary>
    public ulong PhysAllocRange(ulong size, ulong align, ulong start, ulong end, string caller = "")
    {
        if (Debug)
            Log.Info(WithCaller($"memblock_phys_alloc_range: {size} bytes align=0x{align:x} from={Printk.Pa(start)} max_addr={Printk.Pa(end)}", caller));
        return AllocRangeNid(size, align, start, end, NumaNoNode, false);
    }

    /// <summary>memblock_phys_alloc_try_nid: allocate below current_limit, on <paramref name="nid"/> if possible. No debug line of its own.</summary>
    public ulong PhysAllocTryNid(ulong size, ulong align, int nid) => AllocRangeNid(size, align, 0, AllocAccessible, nid, false);

    /// <summary>memblock_alloc_try_nid (and memblock_alloc, _node, _from, _low): zeroed memory, any-node fallback.</summary>
    public ulong AllocTryNid(ulong size, ulong align, ulong minAddr, ulong maxAddr, int nid, string caller = "") =>
        AllocVirtual("memblock_alloc_try_nid", size, align, minAddr, maxAddr, nid, false, caller);

    /// <summary>memblock_alloc_try_nid_raw: as <see cref="AllocTryNid"/>, not zeroed.</summary>
    public ulong AllocTryNidRaw(ulong size, ulong align, ulong minAddr, ulong maxAddr, int nid, string caller = "") =>
        AllocVirtual("memblock_alloc_try_nid_raw", size, align, minAddr, maxAddr, nid, false, caller);

    /// <summary>memblock_alloc_exact_nid_raw: only on <paramref name="nid"/>, never another node.</summary>
    public ulong AllocExactNidRaw(ulong size, ulong align, ulong minAddr, ulong maxAddr, int nid, string caller = "") =>
        AllocVirtual("memblock_alloc_exact_nid_raw", size, align, minAddr, maxAddr, nid, true, caller);

    private ulong AllocVirtual(string function, ulong size, ulong align, ulong minAddr, ulong maxAddr, int nid, bool exactNid, string caller)
    {
        if (Debug)
            Log.Info(WithCaller($"{function}: {size} bytes align=0x{align:x} nid={nid} from={Printk.Pa(minAddr)} max_addr={Printk.Pa(maxAddr)}", caller));
        return AllocInternal(size, align, minAddr, maxAddr, nid, exactNid);
    }

    /// <summary>
    /// memblock_alloc_internal: the virtual-address allocators cap max_addr at current_limit (so
    /// ANYWHERE is capped here) and, when [min, max) has no room and min is not 0, retry from 0.
    /// </summary>
    private ulong AllocInternal(ulong size, ulong align, ulong minAddr, ulong maxAddr, int nid, bool exactNid)
    {
        if (maxAddr > CurrentLimit) maxAddr = CurrentLimit;
        ulong found = AllocRangeNid(size, align, minAddr, maxAddr, nid, exactNid);
        if (found == 0 && minAddr != 0) found = AllocRangeNid(size, align, 0, maxAddr, nid, exactNid);
        return found;
    }
}
