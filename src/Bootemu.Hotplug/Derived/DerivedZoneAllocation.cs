using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Derived;

/// <summary>
/// alloc with a zone: target, bootemu's derived-zones experiment (not Linux): pages come from the named derived zone
/// only, never from any other zone or node, and the request fails when the zone has too few free pages. The base
/// zone's gfp rule still holds: a zone derived from ZONE_MOVABLE serves only movable and hugetlb pages.
/// </summary>
internal static class DerivedZoneAllocation
{
    public static HotplugOutcome Allocate(HotplugMachine m, AllocationKind kind, ulong bytes, string name)
    {
        if (Workload.SizeProblem(kind, bytes) is { } problem) return HotplugOutcome.Fail(m, Errno.EINVAL, problem);
        if (ZoneDerivation.Find(m, name) is not { } zone) return ZoneDerivation.NoSuchZone(m, name);
        if (zone.Base > kind.HighestZone())
            return HotplugOutcome.Fail(m, Errno.ENOMEM,
                $"{kind.Name()} pages cannot come from derived zone {name}: it is derived from ZONE_{Upper(zone.Base)} and the gfp mask stops at ZONE_{Upper(kind.HighestZone())}");
        ulong pages = bytes >> Pfn.PageShift;
        ulong unit = Workload.Unit(kind);
        if (zone.Free / unit * unit < pages)
            return HotplugOutcome.Fail(m, Errno.ENOMEM,
                $"derived zone {name} has {zone.Free} free pages, {pages} asked; an allocation from a derived zone never falls back to another zone");
        var after = zone.WithUsed(kind, pages);
        m = m with { DerivedZones = m.DerivedZones.Replace(zone, after) };
        return HotplugOutcome.Ok(m, $"{pages} pages: derived zone {name} (node {zone.Nid}, memory blocks {ZoneDerivation.MemoryBlocks(m, zone)}), {after.Free} pages left free");
    }

    private static string Upper(ZoneType zone) => ZoneNames.Of(zone).ToUpperInvariant();
}
