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
}
