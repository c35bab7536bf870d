namespace Bootemu.Memblock;

/// <summary>
/// Finds, among the gaps between consecutive regions of one region array (the free space between reservations),
/// the highest one at or below a given gap that is at least a given length, in O(log n).
/// <para>
/// Why: __memblock_find_range_top_down takes the first free range from the top that fits, and a free range is a
/// part of one such gap, so a gap shorter than the allocation can never hold it. A 1,024-node boot packs thousands
/// of reservations a few bytes apart at the top of memory (usemaps, per-CPU areas, page-table pages), and without
/// this index every later 2 MiB search would step over all of them, one at a time.
/// </para>
/// <para>
/// How: a segment tree over the backing slots of the array's <see cref="GapList{T}"/> (not over entry indexes, which
/// shift on every insertion). Invariant: each tree node summarises the occupied slots under it: the base of the
/// lowest region, the end of the highest, the slot of the lowest, and the largest gap between two consecutive
/// regions among them. The list reports every slot it writes, fills or empties (<see cref="IGapListObserver"/>);
/// the tree notes the runs of changed slots and brings those leaves and their ancestors up to date at the next
/// search, so it describes the array as it is whenever it is asked. Built at the first search: a boot that never
/// searches top-down (bottom-up under movable_node) never pays for it.
/// </para>
/// <para>
/// A small array (fewer than <see cref="TreeFromEntries"/> entries, as on a machine of a few nodes) is walked down
/// gap by gap instead: on such a boot, building the tree and keeping it current cost more than the walks it spared.
/// The tree is built at the first search over a larger array and kept up to date from then on, until the backing
/// array is replaced (<see cref="Resized"/>), after which the size decides again.
/// </para>
/// </summary>
internal sealed class FreeGapIndex : IGapListObserver
{
    private readonly GapList<MemblockRegion> _list;
    private int _leaves;        // a power of two >= the list's capacity; node 1 is the root, leaf of slot s is _leaves + s; 0: not built
    // The runs of slots changed since the tree was last brought up to date. Kept apart, not as one span: moving the
    // array's gap changes the slots on both sides of it, and one span would take in the whole (empty) gap.
    private readonly List<(int From, int To)> _changed = new();
    private ulong[] _lowBase = [];
    private ulong[] _highEnd = [];
    private ulong[] _largestGap = [];
    private int[] _lowSlot = []; // -1: no occupied slot under the node

    /// <summary>The entry count from which a search builds (and from then on keeps) the tree instead of walking.</summary>
    internal const int TreeFromEntries = 64;

    public FreeGapIndex(GapList<MemblockRegion> list, int treeFromEntries = TreeFromEntries)
    {
        _list = list;
        _treeFromEntries = treeFromEntries;
        list.Observer = this;
    }

    private readonly int _treeFromEntries;

    /// <summary>
    /// The highest gap index g' &lt;= <paramref name="gap"/> whose gap is at least <paramref name="length"/> bytes
    /// long (gap i runs from the end of entry i - 1, or 0, to the base of entry i; gap Count is open above), or -1.
    /// <paramref name="length"/> must be at least 1.
    /// </summary>
    public int HighestGapAtLeast(int gap, ulong length)
    {
        if (gap >= _list.Count) return gap;
        if (gap < 0) return -1;
        if (_leaves == 0 && _list.Count < _treeFromEntries) return WalkDown(gap, length);
        BringUpToDate();
        ulong nextBase = 0;
        int nextSlot = -1;
        int slot = Search(1, 0, _leaves, _list.SlotOf(gap), length, ref nextBase, ref nextSlot);
        if (slot >= 0) return _list.IndexOfSlot(slot);
        // Gap 0 runs from address 0 to the lowest region.
        return _list[0].Base >= length ? 0 : -1;
    }

    /// <summary>The same answer as the tree's, one gap at a time from <paramref name="gap"/> down.</summary>
    private int WalkDown(int gap, ulong length)
    {
        for (; gap > 0; gap--)
            if (_list[gap].Base - _list[gap - 1].End >= length) return gap;
        return _list[0].Base >= length ? 0 : -1;
    }

    /// <summary>
    /// Right to left over the leaves [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="node"/> that
    /// are at or below slot <paramref name="last"/>: the slot of the highest region whose gap to the region before it
    /// is long enough, or -1. <paramref name="nextSlot"/> is the lowest occupied slot right of what was visited so
    /// far (-1: none yet) and <paramref name="nextBase"/> its region's base.
    /// </summary>
    private int Search(int node, int from, int to, int last, ulong length, ref ulong nextBase, ref int nextSlot)
    {
        if (from > last || _lowSlot[node] < 0) return -1;
        if (to - 1 <= last)
        {
            // The whole node is in range: the gap between it and the region right of it, then its own gaps.
            if (nextSlot >= 0 && nextBase >= _highEnd[node] && nextBase - _highEnd[node] >= length) return nextSlot;
            if (_largestGap[node] < length)
            {
                nextBase = _lowBase[node];
                nextSlot = _lowSlot[node];
                return -1;
            }
        }
        int mid = (from + to) >>> 1;
        int found = Search(2 * node + 1, mid, to, last, length, ref nextBase, ref nextSlot);
        return found >= 0 ? found : Search(2 * node, from, mid, last, length, ref nextBase, ref nextSlot);
    }

    public void SlotsChanged(int slot, int count)
    {
        if (count <= 0 || _leaves == 0) return;
        if (_changed.Count > 0 && slot <= _changed[^1].To && slot + count >= _changed[^1].From)
            _changed[^1] = (Math.Min(slot, _changed[^1].From), Math.Max(slot + count, _changed[^1].To));
        else
            _changed.Add((slot, slot + count));
    }

    /// <summary>The backing array was replaced: the tree is built anew at the next search.</summary>
    public void Resized() => _leaves = 0;

    private void BringUpToDate()
    {
        if (_leaves == 0) Build();
        else
            foreach (var (from, to) in _changed)
            {
                for (int s = from; s < to; s++) SetLeaf(_leaves + s, s);
                // Then their ancestors, a level at a time: a run of slots shares most of them.
                for (int first = (_leaves + from) >> 1, last = (_leaves + to - 1) >> 1; first >= 1; first >>= 1, last >>= 1)
                    for (int node = first; node <= last; node++) Combine(node);
            }
        _changed.Clear();
    }

    private void Build()
    {
        _leaves = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_list.Capacity);
        _lowBase = new ulong[2 * _leaves];
        _highEnd = new ulong[2 * _leaves];
        _largestGap = new ulong[2 * _leaves];
        _lowSlot = new int[2 * _leaves];
        for (int s = 0; s < _leaves; s++) SetLeaf(_leaves + s, s);
        for (int node = _leaves - 1; node >= 1; node--) Combine(node);
    }

    private void SetLeaf(int node, int slot)
    {
        if (slot < _list.Capacity && _list.IsOccupied(slot))
        {
            var r = _list.AtSlot(slot);
            _lowBase[node] = r.Base;
            _highEnd[node] = r.End;
            _lowSlot[node] = slot;
        }
        else _lowSlot[node] = -1;
        _largestGap[node] = 0;
    }

    private void Combine(int node)
    {
        int left = 2 * node, right = left + 1;
        if (_lowSlot[left] < 0 || _lowSlot[right] < 0)
        {
            int only = _lowSlot[left] < 0 ? right : left;
            _lowBase[node] = _lowBase[only];
            _highEnd[node] = _highEnd[only];
            _lowSlot[node] = _lowSlot[only];
            _largestGap[node] = _largestGap[only];
            return;
        }
        _lowBase[node] = _lowBase[left];
        _highEnd[node] = _highEnd[right];
        _lowSlot[node] = _lowSlot[left];
        _largestGap[node] = Math.Max(Math.Max(_largestGap[left], _largestGap[right]), _lowBase[right] - _highEnd[left]);
    }
}
