using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core;

namespace Bootemu.Hotplug.Model;

/// <summary>Identifies struct zone: node and zone type.</summary>
public readonly record struct ZoneKey(int Nid, ZoneType Zone);

/// <summary>
/// The parts of struct zone that hotplug reads and changes: the span (zone_start_pfn, spanned_pages), the
/// present pages, present_early_pages (the boot-memory share, which the auto-movable policy weighs), the managed pages
/// and what init_per_zone_wmark_min last set (watermarks, protection, pageset sizes).
/// </summary>
public sealed record ZoneState(int Nid, ZoneType Zone, Pfn Start, ulong Spanned, ulong Present, ulong PresentEarly)
{
    /// <summary>managed_pages: the pages the buddy allocator owns (boot's count, then each online adds and each offline takes away).</summary>
    public ulong Managed { get; init; }

    /// <summary>What the last init_per_zone_wmark_min set: at boot the initcalls', then after every online and offline.</summary>
    public ZoneWatermarks Watermarks { get; init; } = ZoneWatermarks.None;

    public Pfn End => Start + Spanned;

    /// <summary>zone_is_empty: nothing spanned.</summary>
    public bool IsEmpty => Spanned == 0;

    /// <summary>populated_zone: some pages present.</summary>
    public bool IsPopulated => Present != 0;

    /// <summary>zone_intersects: the span (not the present pages) overlaps [start, start + pages).</summary>
    public bool Intersects(Pfn start, ulong pages) => !IsEmpty && start < End && start + pages > Start;

    /// <summary>The name the kernel prints (zone->name).</summary>
    public string Name => ZoneNames.Of(Zone);
}

