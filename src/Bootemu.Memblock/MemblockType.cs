namespace Bootemu.Memblock;

/// <summary>
/// struct memblock_type: one sorted array of regions ("memory" or "reserved") with its count,
/// capacity and total size. As in the kernel, an empty array still holds one zero-size placeholder
/// entry; 6.1 counts it (<see cref="Count"/> reads 1), 6.12 does not (0). <see cref="Regions"/> hides the
/// placeholder, while <see cref="Entries"/> shows regions[0..cnt) exactly as the kernel walks (and dumps) them.
/// </summary>
public sealed class MemblockType
{
    /// <summary>INIT_MEMBLOCK_REGIONS: the size of the static arrays both types start with.</summary>
    public const int InitRegions = 128;

    /// <summary>The entries the backing store holds before it first grows.</summary>
    private const int BackingRegions = 32;

    // regions[0..cnt) of the kernel, placeholder included. Always at least one entry.
    private readonly GapList<MemblockRegion> _entries;
    // The long-enough-gap index of the reserved array, for the top-down searches (null for memory, never searched so).
    private readonly FreeGapIndex? _gaps;

    private readonly bool _placeholderCounts;

    internal MemblockType(string name, MemblockTypeKind kind, bool placeholderCounts = true)
    {
        Name = name;
        Kind = kind;
        _placeholderCounts = placeholderCounts;
        // The static arrays are zero-initialised, so the first placeholder has nid 0 (not MAX_NUMNODES).
        // The backing store starts smaller than the kernel's static array (Max) and grows on its own as entries come,
        // apart from the kernel's memblock_double_array, which Max alone decides.
        _entries = new GapList<MemblockRegion>(BackingRegions);
        _entries.Add(new MemblockRegion(0, 0, MemblockFlags.None, 0));
        Max = InitRegions;
        if (kind == MemblockTypeKind.Reserved) _gaps = new FreeGapIndex(_entries);
    }

    /// <summary>"memory" or "reserved", the name the kernel prints in dumps.</summary>
    public string Name { get; }

    public MemblockTypeKind Kind { get; }

    /// <summary>The real regions in address order; empty when only the placeholder is left.</summary>
    public IReadOnlyList<MemblockRegion> Regions => IsEmpty ? Array.Empty<MemblockRegion>() : _entries;

    /// <summary>regions[0..cnt) as the kernel holds them: on 6.1 including the zero-size placeholder of an empty type.</summary>
    public IReadOnlyList<MemblockRegion> Entries => Count == 0 ? Array.Empty<MemblockRegion>() : _entries;

    /// <summary>cnt as the kernel reports it: for an empty type 1 on 6.1 (the placeholder), 0 on 6.12.</summary>
    public int Count => IsEmpty && !_placeholderCounts ? 0 : _entries.Count;

    /// <summary>cnt of an empty type under this build's rules.</summary>
    internal int EmptyCount => _placeholderCounts ? 1 : 0;

    /// <summary>max: the array's capacity, 128 at first and doubled by <c>memblock_double_array</c>.</summary>
    public int Max { get; internal set; }

    /// <summary>total_size: the sum of region sizes, except after <c>memblock_trim_memory</c> shrank a region (kernel quirk).</summary>
    public ulong TotalSize { get; internal set; }

    /// <summary>The kernel's test for "nothing here yet": the first entry has size 0.</summary>
    public bool IsEmpty => _entries[0].Size == 0;

    /// <summary>Physical address of the current region array, 0 while it is the static one (never freed).</summary>
    internal ulong ArrayAddress { get; set; }

    /// <summary>Changes with every change to the entries (the per-node index of free-range walks, Memblock.WalkedRegions, is rebuilt on a change).</summary>
    internal int Version => _entries.Version;

    internal MemblockRegion this[int index]
    {
        get => _entries[index];
        set => _entries[index] = value;
    }

    /// <summary>The first index whose region ends above <paramref name="addr"/>: the kernel's loops skip everything before it.</summary>
    internal int FirstEndingAbove(ulong addr) => FirstEndingAbove(_entries, addr);

    /// <summary>
    /// The index of the first of <paramref name="regions"/> (sorted and disjoint, as memblock keeps them) that ends
    /// above <paramref name="addr"/>, or the count when none does: the binary search under memblock_search, shared
    /// with the callers that hold a copy of the regions rather than the live type. The region at that index holds
    /// <paramref name="addr"/> exactly when its base is at or below it.
    /// </summary>
    public static int FirstEndingAbove(IReadOnlyList<MemblockRegion> regions, ulong addr)
    {
        int lo = 0, hi = regions.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (regions[mid].End <= addr) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>memblock_search: the region holding <paramref name="addr"/>, if any.</summary>
    public MemblockRegion? Search(ulong addr)
    {
        int i = FirstEndingAbove(addr);
        return i < _entries.Count && _entries[i].Base <= addr ? _entries[i] : null;
    }

    /// <summary>memblock_overlaps_region: does any region intersect [<paramref name="start"/>, <paramref name="end"/>)?</summary>
    public bool Overlaps(ulong start, ulong end)
    {
        int i = FirstEndingAbove(start);
        return i < _entries.Count && _entries[i].Base < end;
    }

    /// <summary>
    /// The highest gap index at or below <paramref name="gap"/> whose gap (from the end of entry i - 1, or 0, to the
    /// base of entry i; gap Count is open above) is at least <paramref name="length"/> bytes, or -1 (reserved only).
    /// </summary>
    internal int HighestGapAtLeast(int gap, ulong length) =>
        (_gaps ?? throw new InvalidOperationException($"memblock.{Name} keeps no gap index")).HighestGapAtLeast(gap, length);

    /// <summary>How many entries start at or below <paramref name="addr"/>.</summary>
    internal int CountStartingAtOrBelow(ulong addr) => CountBefore(addr, byEnd: false, orEqual: true);

    /// <summary>How many entries end below <paramref name="addr"/>.</summary>
    internal int CountEndingBelow(ulong addr) => CountBefore(addr, byEnd: true, orEqual: false);

    /// <summary>
    /// Binary search over the sorted, disjoint entries: how many have their base (or end) below
    /// <paramref name="addr"/> (or equal to it, with <paramref name="orEqual"/>).
    /// </summary>
    private int CountBefore(ulong addr, bool byEnd, bool orEqual)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            ulong key = byEnd ? _entries[mid].End : _entries[mid].Base;
            if (key < addr || (orEqual && key == addr)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The placeholder becomes the first real region (memblock_add_range on an empty type).</summary>
    internal void FillPlaceholder(MemblockRegion region)
    {
        _entries[0] = region;
        TotalSize = region.Size;
    }

    /// <summary>
    /// memblock_remove_region. Removing the last region brings back the placeholder, now with nid
    /// MAX_NUMNODES; total_size is not reset, so a trim-quirk remainder survives until the next add.
    /// Returns false when the kernel's WARN_ON(total_size != 0) fires.
    /// </summary>
    internal bool RemoveRegion(int index)
    {
        TotalSize -= _entries[index].Size;
        _entries.RemoveAt(index);
        return RestorePlaceholderIfEmpty();
    }

    /// <summary>
    /// The entries that overlap [<paramref name="base"/>, <paramref name="end"/>) as [lo, hi): what the
    /// kernel's loops visit after skipping the regions that end at or below base, stopping at the first
    /// region that starts at or above end.
    /// </summary>
    internal (int Lo, int Hi) Overlapping(ulong @base, ulong end)
    {
        int lo = FirstEndingAbove(@base);
        int hi = lo;
        while (hi < _entries.Count && _entries[hi].Base < end) hi++;
        return (lo, hi);
    }

    /// <summary>
    /// Replaces entries [start, start+count) with <paramref name="items"/>, moving the array's gap there at most once.
    /// The kernel shifts once per inserted or removed entry; the resulting array is the same.
    /// </summary>
    internal void Splice(int start, int count, List<MemblockRegion> items)
    {
        int common = Math.Min(count, items.Count);
        for (int i = 0; i < common; i++) _entries[start + i] = items[i];
        if (items.Count < count) _entries.RemoveRange(start + common, count - common);
        else if (items.Count > count) _entries.InsertRange(start + common, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items)[common..]);
    }

    /// <summary>
    /// After a removal emptied the array: the placeholder comes back with nid MAX_NUMNODES, and
    /// total_size is left as it is (memblock_remove_region). Returns false when the kernel's
    /// WARN_ON(total_size != 0) fires.
    /// </summary>
    internal bool RestorePlaceholderIfEmpty()
    {
        if (_entries.Count > 0) return true;
        _entries.Add(new MemblockRegion(0, 0, MemblockFlags.None, Memblock.MaxNumNodes));
        return TotalSize == 0;
    }

    /// <summary>
    /// Appends to a run being rebuilt, joining it to the previous entry when they touch and agree on
    /// nid and flags (the rule of memblock_merge_regions).
    /// </summary>
    internal static void AppendMerged(List<MemblockRegion> run, MemblockRegion region)
    {
        if (run.Count > 0)
        {
            var last = run[^1];
            if (last.End == region.Base && last.Nid == region.Nid && last.Flags == region.Flags)
            {
                run[^1] = last with { Size = last.Size + region.Size };
                return;
            }
        }
        run.Add(region);
    }

    /// <summary>Trim support: replace a region's bounds in place (total_size deliberately untouched).</summary>
    internal void Reshape(int index, ulong @base, ulong size) => _entries[index] = _entries[index] with { Base = @base, Size = size };
}
