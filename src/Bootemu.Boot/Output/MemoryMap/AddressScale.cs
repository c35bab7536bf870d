namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>
/// The vertical scale of the memory map: piecewise, not linear. Every address where some range starts or ends is a
/// boundary, and the slot between two neighbouring boundaries gets a height that grows with the logarithm of its size
/// from <see cref="MinSlot"/> up. A 4 KiB NODE_DATA and a 64 GiB node are both visible and readable in one picture,
/// and a larger slot is always at least as tall as a smaller one; distances between boundaries are not to scale,
/// which the address labels at every boundary make up for.
/// </summary>
public sealed class AddressScale
{
    /// <summary>The height of the smallest slot: one line of label text fits in it.</summary>
    public const double MinSlot = 14;

    /// <summary>What each doubling of a slot's size (in MiB) adds to its height.</summary>
    public const double PerDoubling = 4;

    private readonly ulong[] _boundaries;
    private readonly double[] _y;

    private AddressScale(ulong[] boundaries, double[] y)
    {
        _boundaries = boundaries;
        _y = y;
    }

    /// <summary>The boundaries in ascending order, each once.</summary>
    public IReadOnlyList<ulong> Boundaries => _boundaries;

    /// <summary>Where the lowest boundary is drawn.</summary>
    public double Top => _y.Length == 0 ? 0 : _y[0];

    /// <summary>Where the highest boundary is drawn.</summary>
    public double Bottom => _y.Length == 0 ? 0 : _y[^1];

    /// <summary>The height of a slot of <paramref name="size"/> bytes.</summary>
    public static double SlotHeight(ulong size) => MinSlot + PerDoubling * Math.Log2(1 + size / (double)(1UL << 20));

    /// <summary>A scale whose boundaries are <paramref name="addresses"/> (any order, repeats allowed), starting at <paramref name="top"/>.</summary>
    public static AddressScale Over(IEnumerable<ulong> addresses, double top)
    {
        var boundaries = addresses.Distinct().Order().ToArray();
        var y = new double[boundaries.Length];
        for (int i = 0; i < boundaries.Length; i++)
            y[i] = i == 0 ? top : y[i - 1] + SlotHeight(boundaries[i] - boundaries[i - 1]);
        return new AddressScale(boundaries, y);
    }

    /// <summary>
    /// Where <paramref name="address"/> is drawn: exactly at its boundary, or linearly inside the slot that holds it;
    /// addresses outside the boundaries are clamped to the ends.
    /// </summary>
    public double Y(ulong address)
    {
        if (_boundaries.Length == 0) return 0;
        int i = Array.BinarySearch(_boundaries, address);
        if (i >= 0) return _y[i];
        int next = ~i;
        if (next == 0) return _y[0];
        if (next == _boundaries.Length) return _y[^1];
        ulong low = _boundaries[next - 1], high = _boundaries[next];
        return _y[next - 1] + (_y[next] - _y[next - 1]) * ((address - low) / (double)(high - low));
    }
}
