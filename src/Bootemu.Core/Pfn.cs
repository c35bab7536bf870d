namespace Bootemu.Core;

/// <summary>
/// A page frame number: a physical address divided by the 4 KiB page size.
/// Kept as its own type so that addresses (bytes) and frame numbers (pages) are never mixed up.
/// </summary>
public readonly record struct Pfn(ulong Value) : IComparable<Pfn>
{
    public const int PageShift = 12;
    public const ulong PageSize = 1UL << PageShift;

    /// <summary>
    /// MAX_PHYSMEM_BITS on x86_64 with 4-level paging, as on every machine bootemu models (no LA57): physical memory
    /// ends at 64 TiB. The e820 end of RAM (MAX_ARCH_PFN), sparsemem's sections and hot-add are all capped here.
    /// </summary>
    public const int MaxPhysmemBits = 46;

    /// <summary>The first frame past MAX_PHYSMEM_BITS: (PHYSMEM_END + 1) &gt;&gt; PAGE_SHIFT.</summary>
    public static readonly Pfn PhysmemEnd = new(1UL << (MaxPhysmemBits - PageShift));

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
