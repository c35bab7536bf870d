using System.Text;
using Bootemu.Boot.Model;

namespace Bootemu.Boot.Zones;

/// <summary>
/// /proc/zoneinfo (zoneinfo_show_print) reduced to what boot decides: per online node and zone, the
/// "Node %d, zone %8s" header, the spanned and present lines, and start_pfn for populated zones.
/// Free, watermark and managed counts depend on memblock_free_all and the running system, so they are
/// not shown.
/// </summary>
public static class ZoneinfoRenderer
{
    public static string Render(IEnumerable<NodeLayout> nodes)
    {
        var text = new StringBuilder();
        foreach (var node in nodes.Where(n => n.Online).OrderBy(n => n.Nid))
        {
            foreach (var zone in node.Zones.OrderBy(z => z.Zone))
            {
                text.Append($"Node {node.Nid}, zone {ZoneNames.Of(zone.Zone),8}\n");
                text.Append($"        spanned  {zone.SpannedPages}\n");
                text.Append($"        present  {zone.PresentPages}\n");
                if (zone.IsPopulated)
                    text.Append($"  start_pfn:           {zone.StartPfn.Value}\n");
            }
        }
        return text.ToString();
    }
}
