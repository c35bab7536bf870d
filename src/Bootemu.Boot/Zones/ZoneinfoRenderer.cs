using System.Text;
using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Zones;

/// <summary>One zone as /proc/zoneinfo shows what boot and hotplug decide about it.</summary>
public readonly record struct ZoneinfoZone(int Nid, ZoneType Zone, ulong Spanned, ulong Present, Pfn StartPfn);

/// <summary>
/// /proc/zoneinfo (zoneinfo_show_print) reduced to what boot decides: per online node and zone, the
/// "Node %d, zone %8s" header, the spanned and present lines, and start_pfn for populated zones.
/// Free, watermark and managed counts depend on memblock_free_all and the running system, so they are
/// not shown.
/// </summary>
public static class ZoneinfoRenderer
{
    /// <summary>The zones of the online nodes of a finished boot.</summary>
    public static string Render(IEnumerable<NodeLayout> nodes) =>
        Render(nodes.Where(n => n.Online).SelectMany(n => n.Zones.Select(z => new ZoneinfoZone(n.Nid, z.Zone, z.SpannedPages, z.PresentPages, z.StartPfn))));

    /// <summary>The given zones, node by node and zone by zone in the kernel's order.</summary>
    public static string Render(IEnumerable<ZoneinfoZone> zones)
    {
        var text = new StringBuilder();
        foreach (var zone in zones.OrderBy(z => z.Nid).ThenBy(z => z.Zone))
        {
            text.Append($"Node {zone.Nid}, zone {ZoneNames.Of(zone.Zone),8}\n");
            text.Append($"        spanned  {zone.Spanned}\n");
            text.Append($"        present  {zone.Present}\n");
            if (zone.Present != 0)
                text.Append($"  start_pfn:           {zone.StartPfn.Value}\n");
        }
        return text.ToString();
    }
}
