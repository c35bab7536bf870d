using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Derived;

/// <summary>A base zone's page counts with its derived zones taken out.</summary>
/// <param name="Managed">Pages its page allocator manages: System RAM less boot reservations, own memmap and derived zones.</param>
/// <param name="Free">Of those, the pages not allocated.</param>
/// <param name="MovedToDerivedZones">Pages its derived zones took.</param>
internal sealed record BaseZonePages(int Nid, ZoneType Zone, ulong Managed, ulong Free, ulong MovedToDerivedZones);

/// <summary>
/// The managed and free pages of a base zone of the derived-zones experiment (not Linux), counted over the memory
/// blocks that lie in that zone alone, as bootemu's page allocator sees the zone (blocks spanning zones are left out
/// there too). Spanned and present pages stay the zone's own (<see cref="ZoneState"/>): its memory is still its node's.
/// </summary>
internal static class BaseZoneAccounting
{
    public static BaseZonePages Of(HotplugMachine m, int nid, ZoneType zone)
    {
        ulong managed = 0, free = 0, derived = 0;
        foreach (var b in PageAllocator.ZoneBlocks(m, nid, zone))
        {
            ulong unmanaged = b.ReservedPageCount + b.VmemmapPages + b.DerivedPages;
            managed += b.SystemRamPages > unmanaged ? b.SystemRamPages - unmanaged : 0;
            free += b.FreePages;
            derived += b.DerivedPages;
        }
        return new BaseZonePages(nid, zone, managed, free, derived);
    }

    /// <summary>Every base zone that has derived zones, by node and zone.</summary>
    public static IEnumerable<BaseZonePages> WithDerivedZones(HotplugMachine m) =>
        m.DerivedZones.Select(z => (z.Nid, z.Base)).Distinct().OrderBy(k => k.Nid).ThenBy(k => k.Base)
            .Select(k => Of(m, k.Nid, k.Base));
}
