using Bootemu.Boot.PageAlloc;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// init_per_zone_wmark_min after a memory online or offline: the watermarks, protection, pageset sizes and vm stats
/// thresholds of every zone of the online nodes, from their managed pages now and the high watermarks they had.
/// </summary>
internal static class ZoneWatermarkRefresh
{
    public static HotplugMachine Refresh(HotplugMachine m)
    {
        var zones = m.OnlineNodes.SelectMany(m.ZonesOf).ToList();
        var input = zones.Select(z => new WatermarkZone(z.Nid, z.Zone, z.Present, z.Managed,
            m.Cpus.TryGetValue(z.Nid, out var cpus) ? cpus.Length : 0, z.Watermarks.High)).ToList();
        var onlineCpus = new HashSet<int>();
        foreach (var cpus in m.Cpus.Values) onlineCpus.UnionWith(cpus);
        var marks = Watermarks.Compute(input, m.Kernel, onlineCpus.Count);
        // One new zone map for all of them, not one per zone: a node removal refreshes after every block it offlines.
        var updated = m.Zones.ToBuilder();
        for (int i = 0; i < zones.Count; i++)
            updated[new ZoneKey(zones[i].Nid, zones[i].Zone)] = zones[i] with { Watermarks = marks[i] };
        return m with { Zones = updated.ToImmutable() };
    }
}
