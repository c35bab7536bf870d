using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The global zone boundaries: arch_zone_lowest_possible_pfn / arch_zone_highest_possible_pfn as
/// free_area_init() sets them from zone_sizes_init()'s max_zone_pfn, plus movable_zone, the zone
/// ZONE_MOVABLE is carved from. Ranges are half-open [Lowest, Highest); Movable's stays [0, 0).
/// </summary>
internal sealed class ArchZoneRanges
{
    /// <summary>MAX_NR_ZONES on the Debian x86_64 config (DMA, DMA32, Normal, Movable, Device).</summary>
    public const int ZoneCount = 5;

    /// <summary>MAX_DMA_PFN: ISA DMA reaches the first 16 MiB.</summary>
    public static readonly Pfn MaxDmaPfn = new(0x1000);

    /// <summary>MAX_DMA32_PFN: 32-bit DMA reaches the first 4 GiB.</summary>
    public static readonly Pfn MaxDma32Pfn = new(0x100000);

    private readonly Pfn[] _lowest;
    private readonly Pfn[] _highest;

    private ArchZoneRanges(Pfn[] lowest, Pfn[] highest)
    {
        _lowest = lowest;
        _highest = highest;
        MovableZone = FindUsableZoneForMovable();
    }

    /// <summary>The first pfn a zone may hold.</summary>
    public Pfn Lowest(ZoneType zone) => _lowest[(int)zone];

    /// <summary>One past the last pfn a zone may hold.</summary>
    public Pfn Highest(ZoneType zone) => _highest[(int)zone];

    public bool IsEmpty(ZoneType zone) => Lowest(zone) == Highest(zone);

    /// <summary>movable_zone, as find_usable_zone_for_movable picks it.</summary>
    public ZoneType MovableZone { get; }

    /// <summary>
    /// zone_sizes_init (arch/x86/mm/init.c): the end pfn of each zone. DMA and DMA32 stop at their
    /// hardware limits or at max_low_pfn, Normal at max_low_pfn; Movable and Device get 0.
    /// On x86_64 max_low_pfn equals max_pfn by the time this runs.
    /// </summary>
    public static Pfn[] MaxZonePfns(Pfn maxLowPfn)
    {
        var max = new Pfn[ZoneCount];
        max[(int)ZoneType.DMA] = Pfn.Min(MaxDmaPfn, maxLowPfn);
        max[(int)ZoneType.DMA32] = Pfn.Min(MaxDma32Pfn, maxLowPfn);
        max[(int)ZoneType.Normal] = maxLowPfn;
        return max;
    }

    /// <summary>
    /// free_area_init's boundary walk: starting at the first page of DRAM, each zone in index order
    /// (Movable skipped) runs from where the previous one stopped up to its max_zone_pfn, never backwards.
    /// </summary>
    public static ArchZoneRanges Compute(Pfn[] maxZonePfn, Pfn startOfDram)
    {
        var lowest = new Pfn[ZoneCount];
        var highest = new Pfn[ZoneCount];
        var start = startOfDram;
        for (int zone = 0; zone < ZoneCount; zone++)
        {
            if (zone == (int)ZoneType.Movable)
                continue;
            var end = Pfn.Max(maxZonePfn[zone], start);
            lowest[zone] = start;
            highest[zone] = end;
            start = end;
        }
        return new ArchZoneRanges(lowest, highest);
    }

    /// <summary>zone_sizes_init followed by free_area_init's boundary walk.</summary>
    public static ArchZoneRanges ForMaxPfn(Pfn maxPfn, Pfn startOfDram) => Compute(MaxZonePfns(maxPfn), startOfDram);

    /// <summary>find_usable_zone_for_movable: the highest non-Movable zone with a non-empty range.</summary>
    private ZoneType FindUsableZoneForMovable()
    {
        for (int zone = ZoneCount - 1; zone >= 0; zone--)
        {
            if (zone == (int)ZoneType.Movable)
                continue;
            if (_highest[zone] > _lowest[zone])
                return (ZoneType)zone;
        }
        // Only reachable with no memory at all; the kernel's VM_BUG_ON is compiled out and index 0 is used.
        return ZoneType.DMA;
    }

    /// <summary>The "Zone ranges:" block free_area_init prints (Movable is not listed).</summary>
    public IEnumerable<string> ZoneRangesLines()
    {
        yield return "Zone ranges:";
        for (int zone = 0; zone < ZoneCount; zone++)
        {
            if (zone == (int)ZoneType.Movable)
                continue;
            var type = (ZoneType)zone;
            string name = ZoneNames.Of(type).PadRight(8);
            yield return IsEmpty(type)
                ? $"  {name} empty"
                : $"  {name} {Printk.Mem18(Lowest(type).Address, Highest(type).Address - 1)}";
        }
    }
}
