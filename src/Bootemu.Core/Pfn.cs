namespace Bootemu.Core;

/// <summary>
/// A page frame number: a physical address divided by the 4 KiB page size.
/// Kept as its own type so that addresses (bytes) and frame numbers (pages) are never mixed up.
/// </summary>
public readonly record struct Pfn(ulong Value) : IComparable<Pfn>
{
    public const int PageShift = 12;
    public const ulong PageSize = 1UL << PageShift;

    /// <summary>PFN_DOWN: the frame holding <paramref name="address"/>.</summary>
    public static Pfn Down(ulong address) => new(address >> PageShift);

    /// <summary>PFN_UP: the first frame starting at or after <paramref name="address"/>.</summary>
    public static Pfn Up(ulong address) => new((address >> PageShift) + ((address & (PageSize - 1)) != 0 ? 1UL : 0UL));

    /// <summary>PFN_PHYS: the physical address where this frame starts.</summary>
    public ulong Address => Value << PageShift;

    public int CompareTo(Pfn other) => Value.CompareTo(other.Value);
    public static bool operator <(Pfn a, Pfn b) => a.Value < b.Value;
    public static bool operator >(Pfn a, Pfn b) => a.Value > b.Value;
    public static bool operator <=(Pfn a, Pfn b) => a.Value <= b.Value;
    public static bool operator >=(Pfn a, Pfn b) => a.Value >= b.Value;
    public static Pfn operator +(Pfn a, ulong pages) => new(a.Value + pages);
    public static ulong operator -(Pfn a, Pfn b) => a.Value - b.Value;
    public static Pfn Min(Pfn a, Pfn b) => a.Value <= b.Value ? a : b;
    public static Pfn Max(Pfn a, Pfn b) => a.Value >= b.Value ? a : b;

    public override string ToString() => $"pfn 0x{Value:x}";
}
