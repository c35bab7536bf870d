using Bootemu.Core;

namespace Bootemu.Boot.Model;

/// <summary>
/// One NUMA node after boot: whether it is online (got NODE_DATA), its pfn span, its zones, and
/// whether ZONE_MOVABLE starts on it (zone_movable_pfn).
/// </summary>
public sealed record NodeLayout(
    int Nid,
    bool Online,
    Pfn StartPfn,
    Pfn EndPfn,
    Pfn? MovableStartPfn,
    IReadOnlyList<ZoneLayout> Zones,
    IReadOnlyList<int> Cpus)
{
    public ulong SpannedPages => (ulong)Zones.Sum(z => (decimal)z.SpannedPages);
    public ulong PresentPages => (ulong)Zones.Sum(z => (decimal)z.PresentPages);
    public ZoneLayout Zone(ZoneType type) => Zones.First(z => z.Zone == type);
}
