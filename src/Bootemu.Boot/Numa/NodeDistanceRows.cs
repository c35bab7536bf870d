using System.Collections;

namespace Bootemu.Boot.Numa;

/// <summary>
/// node_distance as rows [from][to] over the nids 0 .. count - 1, for <see cref="Model.BootResult.Distances"/>. A
/// 1,024-node machine has a million entries that only some outputs (JSON) and hot-add lookups read, so each row is
/// filled from <see cref="NumaResult.DistancesFrom"/> the first time it is asked for and kept; the values are the
/// same whenever they are read, since the NUMA result is immutable.
/// </summary>
internal sealed class NodeDistanceRows(NumaResult numa, int count) : IReadOnlyList<IReadOnlyList<int>>
{
    private readonly int[]?[] _rows = new int[]?[count];

    public int Count => count;

    public IReadOnlyList<int> this[int from]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(from);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, count);
            if (_rows[from] is { } row) return row;
            row = new int[count];
            numa.DistancesFrom(from, row);
            return _rows[from] = row;
        }
    }

    public IEnumerator<IReadOnlyList<int>> GetEnumerator()
    {
        for (int from = 0; from < count; from++) yield return this[from];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
