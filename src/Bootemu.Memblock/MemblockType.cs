using System.Collections.ObjectModel;

namespace Bootemu.Memblock;

/// <summary>
/// struct memblock_type: one sorted array of regions ("memory" or "reserved") with its count,
/// capacity and total size. As in the kernel, an empty array still holds one zero-size placeholder
/// entry, so <see cref="Count"/> reads 1; <see cref="Regions"/> hides that placeholder, while
/// <see cref="Entries"/> shows the array exactly as the kernel holds (and dumps) it.
/// </summary>
public sealed class MemblockType
{
    /// <summary>INIT_MEMBLOCK_REGIONS: the size of the static arrays both types start with.</summary>
    public const int InitRegions = 128;

    // regions[0..cnt) of the kernel, placeholder included. Always at least one entry.
    private readonly List<MemblockRegion> _entries;
    private readonly ReadOnlyCollection<MemblockRegion> _view;

    internal MemblockType(string name, MemblockTypeKind kind)
    {
        Name = name;
        Kind = kind;
        // The static arrays are zero-initialised, so the first placeholder has nid 0 (not MAX_NUMNODES).
        _entries = new List<MemblockRegion>(InitRegions) { new(0, 0, MemblockFlags.None, 0) };
        _view = _entries.AsReadOnly();
        Max = InitRegions;
    }

    /// <summary>"memory" or "reserved", the name the kernel prints in dumps.</summary>
    public string Name { get; }

    public MemblockTypeKind Kind { get; }

    /// <summary>The real regions in address order; empty when only the placeholder is left.</summary>
    public IReadOnlyList<MemblockRegion> Regions => IsEmpty ? Array.Empty<MemblockRegion>() : _view;

    /// <summary>regions[0..cnt) as the kernel holds them, including the zero-size placeholder of an empty type.</summary>
    public IReadOnlyList<MemblockRegion> Entries => _view;

    /// <summary>cnt as the kernel reports it: 1 for an empty type (the placeholder).</summary>
    public int Count => _entries.Count;

    /// <summary>max: the array's capacity, 128 at first and doubled by <c>memblock_double_array</c>.</summary>
    public int Max { get; internal set; }

    /// <summary>total_size: the sum of region sizes, except after <c>memblock_trim_memory</c> shrank a region (kernel quirk).</summary>
    public ulong TotalSize { get; internal set; }

    /// <summary>The kernel's test for "nothing here yet": the first entry has size 0.</summary>
    public bool IsEmpty => _entries[0].Size == 0;

    /// <summary>Physical address of the current region array, 0 while it is the static one (never freed).</summary>
    internal ulong ArrayAddress { get; set; }

    internal MemblockRegion this[int index]
    {
        get => _entries[index];
        set => _entries[index] = value;
    }

    /// <summary>The first index whose region ends above <paramref name="addr"/>: the kernel's loops skip everything before it.</summary>
    internal int FirstEndingAbove(ulong addr)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_entries[mid].End <= addr) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>memblock_search: the index of the region containing <paramref name="addr"/>, or -1.</summary>
    internal int Search(ulong addr)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = _entries[mid];
            if (addr < r.Base) hi = mid;
            else if (addr >= r.End) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    /// <summary>The placeholder becomes the first real region (memblock_add_range on an empty type).</summary>
    internal void FillPlaceholder(MemblockRegion region)
    {
        _entries[0] = region;
        TotalSize = region.Size;
    }

    /// <summary>memblock_insert_region: shift the tail up and put a new region at <paramref name="index"/>.</summary>
    internal void InsertRegion(int index, MemblockRegion region)
    {
        _entries.Insert(index, region);
        TotalSize += region.Size;
    }

    /// <summary>Splits the region at <paramref name="index"/> at <paramref name="at"/>; both halves keep nid and flags.</summary>
    internal void Split(int index, ulong at)
    {
        var r = _entries[index];
        _entries[index] = r with { Base = at, Size = r.End - at };
        _entries.Insert(index, r with { Size = at - r.Base });
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
        if (_entries.Count > 0) return true;
        _entries.Add(new MemblockRegion(0, 0, MemblockFlags.None, Memblock.MaxNumNodes));
        return TotalSize == 0;
    }

    /// <summary>Removes entries [start, end) at once (used by removals of whole runs).</summary>
    internal void RemoveRegions(int start, int end, out bool totalWasConsistent)
    {
        totalWasConsistent = true;
        if (end <= start) return;
        ulong removed = 0;
        for (int i = start; i < end; i++) removed += _entries[i].Size;
        TotalSize -= removed;
        _entries.RemoveRange(start, end - start);
        if (_entries.Count == 0)
        {
            _entries.Add(new MemblockRegion(0, 0, MemblockFlags.None, Memblock.MaxNumNodes));
            totalWasConsistent = TotalSize == 0;
        }
    }

    /// <summary>
    /// memblock_merge_regions: joins neighbours that touch and agree on nid and flags. The kernel scans
    /// the whole array; every other pair is already merged, so scanning the pairs from
    /// <paramref name="from"/>-1 to <paramref name="to"/> gives the same array.
    /// </summary>
    internal void MergeRegions(int from, int to)
    {
        int lo = Math.Max(from - 1, 0);
        int hi = Math.Min(to, _entries.Count - 1);
        if (lo >= hi) return;
        int write = lo;
        for (int read = lo + 1; read <= hi; read++)
        {
            var a = _entries[write];
            var b = _entries[read];
            if (a.End == b.Base && a.Nid == b.Nid && a.Flags == b.Flags)
                _entries[write] = a with { Size = a.Size + b.Size };
            else
                _entries[++write] = b;
        }
        int removed = hi - write;
        if (removed > 0) _entries.RemoveRange(write + 1, removed);
    }

    /// <summary>Trim support: replace a region's bounds in place (total_size deliberately untouched).</summary>
    internal void Reshape(int index, ulong @base, ulong size) => _entries[index] = _entries[index] with { Base = @base, Size = size };
}
