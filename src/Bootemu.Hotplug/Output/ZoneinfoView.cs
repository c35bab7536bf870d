using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>/proc/zoneinfo of a machine after hotplug: every zone of every online node, laid out as the kernel does (<see cref="ZoneinfoRenderer"/>).</summary>
public static class ZoneinfoView
{
    public static string Render(HotplugMachine m) => ZoneinfoRenderer.Render(
        from nid in m.OnlineNodes
        from z in m.ZonesOf(nid)
        select new ZoneinfoZone(nid, z.Zone, z.Spanned, z.Present, z.IsEmpty ? new Pfn(0) : z.Start)
        {
            Managed = z.Managed,
            Free = FreePages(m, z),
            Watermarks = z.Watermarks,
        },
        m.OnlineNodes,
        m.Cpus.Values.SelectMany(c => c).Distinct().Order().ToList(),
        m.Kernel);

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
