using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>/proc/zoneinfo's zone spans of a machine after hotplug: every zone of every online node, as boot prints them.</summary>
public static class ZoneinfoView
{
    public static string Render(HotplugMachine m) => ZoneinfoRenderer.Render(
        from nid in m.OnlineNodes
        from zone in Enum.GetValues<ZoneType>()
        let z = m.Zone(nid, zone)
        select new ZoneinfoZone(nid, zone, z.Spanned, z.Present, z.IsEmpty ? new Pfn(0) : z.Start));

    /// <summary>
    /// The zone's free pages as far as bootemu knows: its managed pages less what the script's workload, the kernel's slab
    /// and derived zones took from the online blocks of this zone (a placeholder for the running system's own count).
    /// </summary>
    public static ulong FreePages(HotplugMachine m, ZoneState zone)
    {
        ulong taken = m.Blocks.Values
            .Where(b => b.State == BlockState.Online && b.Nid == zone.Nid && b.Zone == zone.Zone)
            .Aggregate(0UL, (sum, b) => sum + b.UsedPageCount + b.SlabPageCount + b.DerivedPages);
        return zone.Managed > taken ? zone.Managed - taken : 0;
    }
}
