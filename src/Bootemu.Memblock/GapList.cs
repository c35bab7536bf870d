using System.Collections;

namespace Bootemu.Memblock;

/// <summary>
/// A list kept as one array with a movable gap in it (a gap buffer). A region array grows by insertions and
/// shrinks by removals in the middle, and a boot's successive reservations land close to each other, so moving
/// the gap to the next insertion point shifts a few entries where a plain list would shift the whole tail every
/// time (thousands of entries for a 1,024-node machine). Reads see the entries in order, as if there were no gap.
/// </summary>
internal sealed class GapList<T> : IReadOnlyList<T> where T : struct // plain values: the gap needs no clearing
{
    private T[] _items;
    private int _gapStart;
    private int _gapEnd;

    public GapList(int capacity)
    {
        _items = new T[Math.Max(capacity, 4)];
        _gapEnd = _items.Length;
    }

    public int Count => _items.Length - (_gapEnd - _gapStart);

    /// <summary>Told of every change to the backing array, so that an index over its slots can follow (see <see cref="FreeGapIndex"/>).</summary>
    public IGapListObserver? Observer { get; set; }

    /// <summary>The length of the backing array: slots 0 .. Capacity - 1, of which those outside the gap hold entries.</summary>
    public int Capacity => _items.Length;

    /// <summary>Does backing slot <paramref name="slot"/> hold an entry (it is outside the gap)?</summary>
    public bool IsOccupied(int slot) => slot < _gapStart || slot >= _gapEnd;

    /// <summary>The entry in backing slot <paramref name="slot"/> (meaningful only where <see cref="IsOccupied"/>).</summary>
    public T AtSlot(int slot) => _items[slot];

    /// <summary>The backing slot of entry <paramref name="index"/>.</summary>
    public int SlotOf(int index) => Physical(index);

    /// <summary>The entry index held in the occupied backing slot <paramref name="slot"/>.</summary>
    public int IndexOfSlot(int slot) => slot < _gapStart ? slot : slot - (_gapEnd - _gapStart);

    /// <summary>Changes with every write, so an index built over the entries can tell it is stale.</summary>
    public int Version { get; private set; }

    public T this[int index]
    {
        get => _items[Physical(index)];
        set
        {
            int slot = Physical(index);
            _items[slot] = value;
            Version++;
            Observer?.SlotsChanged(slot, 1);
        }
    }

    public void Add(T item) => InsertRange(Count, [item]);

    public void RemoveAt(int index) => RemoveRange(index, 1);

    /// <summary>Removes <paramref name="count"/> entries from <paramref name="index"/>: the gap moves there and widens.</summary>
    public void RemoveRange(int index, int count)
    {
        if (index < 0 || count < 0 || index + count > Count) throw new ArgumentOutOfRangeException(nameof(index));
        MoveGap(index);
        _gapEnd += count;
        Version++;
        Observer?.SlotsChanged(_gapEnd - count, count);
    }

    /// <summary>Inserts <paramref name="items"/> before entry <paramref name="index"/>: the gap moves there and fills.</summary>
    public void InsertRange(int index, ReadOnlySpan<T> items)
    {
        if (index < 0 || index > Count) throw new ArgumentOutOfRangeException(nameof(index));
        if (_gapEnd - _gapStart < items.Length) Grow(items.Length);
        MoveGap(index);
        items.CopyTo(_items.AsSpan(_gapStart));
        _gapStart += items.Length;
        Version++;
        Observer?.SlotsChanged(_gapStart - items.Length, items.Length);
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < _gapStart; i++) yield return _items[i];
        for (int i = _gapEnd; i < _items.Length; i++) yield return _items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Physical(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return index < _gapStart ? index : index + (_gapEnd - _gapStart);
    }

    /// <summary>Shifts the entries between the gap and <paramref name="index"/> across it, so the gap starts at index.</summary>
    private void MoveGap(int index)
    {
        if (index < _gapStart)
        {
            int moved = _gapStart - index;
            Array.Copy(_items, index, _items, _gapEnd - moved, moved);
            _gapStart = index;
            _gapEnd -= moved;
            Observer?.SlotsChanged(index, moved);
            Observer?.SlotsChanged(_gapEnd, moved);
        }
        else if (index > _gapStart)
        {
            int moved = index - _gapStart;
            Array.Copy(_items, _gapEnd, _items, _gapStart, moved);
            _gapStart = index;
            _gapEnd += moved;
            Observer?.SlotsChanged(index - moved, moved);
            Observer?.SlotsChanged(_gapEnd - moved, moved);
        }
    }

    private void Grow(int needed)
    {
        int count = Count;
        var larger = new T[Math.Max(_items.Length * 2, count + needed)];
        int tail = _items.Length - _gapEnd;
        Array.Copy(_items, 0, larger, 0, _gapStart);
        Array.Copy(_items, _gapEnd, larger, larger.Length - tail, tail);
        _gapEnd = larger.Length - tail;
        _items = larger;
        Observer?.Resized();
    }
}

/// <summary>Follows the backing array of a <see cref="GapList{T}"/>: which slots changed, and when the array was replaced.</summary>
internal interface IGapListObserver
{
    /// <summary>Slots [<paramref name="slot"/>, slot + <paramref name="count"/>) were written, filled or emptied.</summary>
    void SlotsChanged(int slot, int count);

    /// <summary>The backing array was replaced by a larger one: every slot may have moved.</summary>
    void Resized();
}
