using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Memblock;

/// <summary>
/// struct memblock (mm/memblock.c, Linux 6.1 and 6.12, which do not differ in what is emulated here): the boot-time allocator of one emulated machine.
/// Two sorted region arrays, <see cref="Memory"/> (what RAM exists) and <see cref="Reserved"/> (what
/// of it, or of anything, is already taken), that early boot code adds to, reserves from and
/// allocates out of. Every mutator behaves call for call like the kernel function named in its
/// doc comment, including its int result, its quirks and its memblock=debug line. Nothing here is
/// static: each machine owns its own instance and its own log.
/// </summary>
public sealed partial class Memblock
{
    /// <summary>MAX_NUMNODES: the nid of regions that belong to no node yet.</summary>
    public const int MaxNumNodes = Bootemu.Core.Mm.NumaNodes.MaxNumNodes;
    /// <summary>NUMA_NO_NODE: "any node" in queries and allocations.</summary>
    public const int NumaNoNode = Bootemu.Core.Mm.NumaNodes.NoNode;
    /// <summary>MEMBLOCK_ALLOC_ANYWHERE: no upper limit on an allocation.</summary>
    public const ulong AllocAnywhere = ulong.MaxValue;
    /// <summary>MEMBLOCK_ALLOC_ACCESSIBLE: "up to current_limit".</summary>
    public const ulong AllocAccessible = 0;
    /// <summary>MEMBLOCK_ALLOC_NOLEAKTRACE: like ACCESSIBLE, but not tracked by kmemleak.</summary>
    public const ulong AllocNoLeakTrace = 1;
    /// <summary>SMP_CACHE_BYTES: the alignment used when a caller passes 0.</summary>
    public const ulong SmpCacheBytes = 64;
    /// <summary>The kernel's -ENOMEM result.</summary>
    public const int ENoMem = -(int)Bootemu.Core.Mm.Errno.ENOMEM;

    internal const string CutHere = KernelLog.CutHere;

    private bool _canResize;

    // The entries an edit rebuilds before splicing them into an array. One list serves every edit of this machine:
    // edits never overlap (each splices its run in before another can start), and a boot makes thousands of them.
    private readonly List<MemblockRegion> _rebuilt = new();

    private List<MemblockRegion> RebuiltRun()
    {
        _rebuilt.Clear();
        return _rebuilt;
    }

    /// <param name="rules">the build whose memblock is emulated; default: Linux 6.1's.</param>
    public Memblock(KernelLog? log = null, MemblockRules? rules = null)
    {
        Log = log ?? new KernelLog();
        Rules = rules ?? MemblockRules.Linux61;
        Memory = new MemblockType("memory", MemblockTypeKind.Memory, Rules.EmptyTypeCountsPlaceholder);
        Reserved = new MemblockType("reserved", MemblockTypeKind.Reserved, Rules.EmptyTypeCountsPlaceholder);
    }

    /// <summary>The kernel log this machine's memblock prints into.</summary>
    public KernelLog Log { get; }

    /// <summary>The emulated build's memblock: its call sites and the rules where builds differ.</summary>
    public MemblockRules Rules { get; }

    /// <summary>The call sites memblock=debug prints for memblock's own calls, as the emulated build names them.</summary>
    public MemblockCallers Callers => Rules.Callers;

    /// <summary>The kernel's panic message when the emulated memblock panicked (6.12's resize before it is allowed), else null.</summary>
    public string? Panic { get; private set; }

    /// <summary>memblock_debug (memblock=debug): call lines and dumps are printed at KERN_INFO.</summary>
    public bool Debug { get; set; }

    /// <summary>memblock.bottom_up (memblock_set_bottom_up): allocate upward from the lowest free address.</summary>
    public bool BottomUp { get; set; }

    /// <summary>memblock.current_limit (memblock_set_current_limit): the ceiling of ACCESSIBLE allocations.</summary>
    public ulong CurrentLimit { get; set; } = AllocAnywhere;

    /// <summary>movable_node_enabled: free-range iteration skips HOTPLUG memory unless asked for it.</summary>
    public bool MovableNode { get; set; }

    /// <summary>mirrored_kernelcore (kernelcore=mirror): only then does <see cref="MarkMirror"/> act.</summary>
    public bool MirroredKernelcore { get; set; }

    /// <summary>system_has_some_mirror: set by <see cref="MarkMirror"/>; makes allocations prefer MIRROR memory.</summary>
    public bool HasSomeMirror { get; private set; }

    public MemblockType Memory { get; }
    public MemblockType Reserved { get; }

    /// <summary>The array of the given kind.</summary>
    public MemblockType TypeOf(MemblockTypeKind kind) => kind == MemblockTypeKind.Memory ? Memory : Reserved;

    /// <summary>memblock_allow_resize: from now on a full region array may double (x86 calls it in e820__memblock_setup).</summary>
    public void AllowResize() => _canResize = true;

    /// <summary>memblock_add: register RAM with no node (nid MAX_NUMNODES) and no flags.</summary>
    public int Add(ulong @base, ulong size, string caller = "")
    {
        DebugRangeLine("memblock_add", @base, size, caller);
        return AddRange(Memory, @base, size, MaxNumNodes, MemblockFlags.None);
    }

    /// <summary>memblock_add_node: register RAM that already has a node and flags.</summary>
    public int AddNode(ulong @base, ulong size, int nid, MemblockFlags flags, string caller = "")
    {
        if (Debug)
            Log.Info(WithCaller($"memblock_add_node: [{Printk.Pa(@base)}-{Printk.Pa(@base + size - 1)}] nid={nid} flags={(uint)flags:x}", caller));
        return AddRange(Memory, @base, size, nid, flags);
    }

    /// <summary>memblock_reserve: mark a range as in use (nid MAX_NUMNODES, no flags); it need not be memory.</summary>
    public int Reserve(ulong @base, ulong size, string caller = "")
    {
        DebugRangeLine("memblock_reserve", @base, size, caller);
        return AddRange(Reserved, @base, size, MaxNumNodes, MemblockFlags.None);
    }

    /// <summary>memblock_remove: forget RAM; regions crossing the range's edges are split and keep their outside parts.</summary>
    public int Remove(ulong @base, ulong size, string caller = "")
    {
        DebugRangeLine("memblock_remove", @base, size, caller);
        return RemoveRange(Memory, @base, size);
    }

    /// <summary>memblock_phys_free: give a reserved range back (what memblock_free calls through __pa).</summary>
    public int PhysFree(ulong @base, ulong size, string caller = "")
    {
        DebugRangeLine("memblock_phys_free", @base, size, caller);
        return RemoveRange(Reserved, @base, size);
    }

    /// <summary>
    /// memblock_cap_size: shrink <paramref name="size"/> so that base + size does not pass 2^64 - 1.
    /// </summary>
    internal static ulong CapSize(ulong @base, ulong size) => Math.Min(size, ulong.MaxValue - @base);

    /// <summary>
    /// memblock_add_range: insert the parts of [base, base+size) that no region covers yet, with the
    /// given nid and flags, then merge neighbours. Existing regions keep their nid and flags. When the
    /// array might overflow (fewer than cnt + 1 free slots), a counting pass runs first and the array
    /// is doubled as often as needed; -ENOMEM if it cannot grow.
    /// </summary>
    private int AddRange(MemblockType type, ulong @base, ulong size, int nid, MemblockFlags flags)
    {
        size = CapSize(@base, size);
        if (size == 0) return 0;
        ulong end = @base + size;

        if (type.IsEmpty)
        {
            // The kernel WARNs when an "empty" type still carries a total (possible after the trim quirk).
            if (type.Count != type.EmptyCount || type.TotalSize != 0) Log.Warn(CutHere);
            type.FillPlaceholder(new MemblockRegion(@base, size, flags, nid));
            return 0;
        }

        if (type.Count * 2 + 1 >= type.Max)
        {
            // The kernel's counting pass: it walks the same fragments (and WARNs the same way) without inserting.
            int fragments = InsertFragments(type, @base, end, nid, flags, run: null, out _, out _);
            if (fragments == 0) return 0;
            while (type.Count + fragments > type.Max)
                if (DoubleArray(type, @base, size) < 0) return ENoMem;
        }

        var run = RebuiltRun();
        int inserted = InsertFragments(type, @base, end, nid, flags, run, out int from, out int to);
        if (inserted == 0) return 0;
        ulong added = 0;
        foreach (var r in run) added += r.Size;
        for (int i = from; i < to; i++) added -= type[i].Size;
        type.Splice(from, to - from, run);
        type.TotalSize += added;
        return 0;
    }

    /// <summary>
    /// The walk of memblock_add_range over the regions overlapping [base, end): every uncovered part
    /// becomes a new fragment, and a fragment below a region whose nid or flags differ draws a WARN.
    /// With <paramref name="run"/> it also rebuilds entries [from, to) (the overlapped regions and
    /// their two neighbours) with the fragments inserted and neighbours merged. Returns the number of
    /// fragments.
    /// </summary>
    private int InsertFragments(MemblockType type, ulong @base, ulong end, int nid, MemblockFlags flags, List<MemblockRegion>? run, out int from, out int to)
    {
        var (lo, hi) = type.Overlapping(@base, end);
        from = lo > 0 ? lo - 1 : lo;
        to = hi < type.Count ? hi + 1 : hi;
        if (run is not null && from < lo) run.Add(type[from]);

        int fragments = 0;
        ulong cursor = @base;
        for (int i = lo; i < hi; i++)
        {
            var rgn = type[i];
            if (rgn.Base > cursor)
            {
                if (nid != rgn.Nid) Log.Warn(CutHere);
                if (flags != rgn.Flags) Log.Warn(CutHere);
                fragments++;
                if (run is not null) MemblockType.AppendMerged(run, new MemblockRegion(cursor, rgn.Base - cursor, flags, nid));
            }
            if (run is not null) MemblockType.AppendMerged(run, rgn);
            cursor = Math.Min(rgn.End, end);
        }
        if (cursor < end)
        {
            fragments++;
            if (run is not null) MemblockType.AppendMerged(run, new MemblockRegion(cursor, end - cursor, flags, nid));
        }
        if (run is not null && hi < to) MemblockType.AppendMerged(run, type[hi]);
        return fragments;
    }

    /// <summary>
    /// memblock_isolate_range followed by an edit of the regions inside and memblock_merge_regions:
    /// the common shape of memblock_setclr_flag and memblock_set_node. Regions crossing base or
    /// base+size are split (both halves keep nid and flags), <paramref name="change"/> is applied to
    /// the parts inside, and touching neighbours that now agree are merged. Fails with -ENOMEM,
    /// changing nothing, when the two extra slots isolation may need cannot be found.
    /// </summary>
    private int ChangeRange(MemblockType type, ulong @base, ulong size, Func<MemblockRegion, MemblockRegion> change)
    {
        int ret = IsolateWindow(type, @base, ref size, out int lo, out int hi);
        if (ret != 0 || lo == hi) return ret;
        ulong end = @base + size;
        int from = lo > 0 ? lo - 1 : lo;
        int to = hi < type.Count ? hi + 1 : hi;
        var run = RebuiltRun();
        if (from < lo) run.Add(type[from]);
        for (int i = lo; i < hi; i++)
        {
            var r = type[i];
            if (r.Base < @base)
            {
                MemblockType.AppendMerged(run, r with { Size = @base - r.Base });
                r = r with { Base = @base, Size = r.End - @base };
            }
            MemblockRegion? above = null;
            if (r.End > end)
            {
                above = r with { Base = end, Size = r.End - end };
                r = r with { Size = end - r.Base };
            }
            MemblockType.AppendMerged(run, change(r));
            if (above is { } a) MemblockType.AppendMerged(run, a);
        }
        if (hi < to) MemblockType.AppendMerged(run, type[hi]);
        type.Splice(from, to - from, run);
        return 0;
    }

    /// <summary>
    /// memblock_remove_range: isolate [base, base+size) and drop every region inside it; regions
    /// crossing the edges keep their outside parts. Removing the last region brings back the placeholder.
    /// </summary>
    private int RemoveRange(MemblockType type, ulong @base, ulong size)
    {
        int ret = IsolateWindow(type, @base, ref size, out int lo, out int hi);
        if (ret != 0 || lo == hi) return ret;
        ulong end = @base + size;
        var kept = RebuiltRun();
        ulong removed = 0;
        for (int i = lo; i < hi; i++)
        {
            var r = type[i];
            removed += Math.Min(r.End, end) - Math.Max(r.Base, @base);
        }
        var first = type[lo];
        if (first.Base < @base) kept.Add(first with { Size = @base - first.Base });
        var last = type[hi - 1];
        if (last.End > end) kept.Add(last with { Base = end, Size = last.End - end });
        type.Splice(lo, hi - lo, kept);
        type.TotalSize -= removed;
        if (!type.RestorePlaceholderIfEmpty()) Log.Warn(CutHere);
        return 0;
    }

    /// <summary>
    /// memblock_isolate_range's preamble: cap the size, make sure two more regions fit (doubling the
    /// array if needed, -ENOMEM with nothing changed if it cannot), and find the overlapped entries
    /// [lo, hi), empty when the range hits nothing or has size 0.
    /// </summary>
    private int IsolateWindow(MemblockType type, ulong @base, ref ulong size, out int lo, out int hi)
    {
        lo = hi = 0;
        size = CapSize(@base, size);
        if (size == 0) return 0;
        while (type.Count + 2 > type.Max)
            if (DoubleArray(type, @base, size) < 0) return ENoMem;
        (lo, hi) = type.Overlapping(@base, @base + size);
        return 0;
    }

    private void DebugRangeLine(string function, ulong @base, ulong size, string caller)
    {
        // The kernel prints base + size - 1 before any capping, so a zero size shows base - 1.
        if (Debug) Log.Info(WithCaller($"{function}: [{Printk.Pa(@base)}-{Printk.Pa(@base + size - 1)}]", caller));
    }

    /// <summary>Appends the %pS caller text; a caller that does not know it passes "" and the line ends without it.</summary>
    internal static string WithCaller(string line, string caller) => caller.Length == 0 ? line : line + " " + caller;

    /// <summary>round_up for a power-of-two alignment, wrapping like the kernel macro.</summary>
    internal static ulong RoundUp(ulong x, ulong align) => ((x - 1) | (align - 1)) + 1;

    /// <summary>round_down for a power-of-two alignment.</summary>
    internal static ulong RoundDown(ulong x, ulong align) => x & ~(align - 1);
}
