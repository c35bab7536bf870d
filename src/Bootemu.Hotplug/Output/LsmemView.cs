using System.Text;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// util-linux lsmem (2.38, Debian 12) with <c>-o RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES</c>: consecutive blocks
/// with the same state, removable flag, node and valid zones merge into one row; libsmartcols pads each column
/// to its widest cell (SIZE to at least 5), RANGE left-aligned and the rest right-aligned, one space apart;
/// then the summary.
/// </summary>
public static class LsmemView
{
    private sealed record Row(long First, long Count, string State, bool Removable, int Node, string Zones);

    public static string Render(HotplugMachine m)
    {
        var rows = new List<Row>();
        foreach (var b in SysfsView.Blocks(m))
        {
            string zones = string.Join("/", b.ValidZones.Select(ZoneWord));
            int node = b.Nodes.Count > 0 ? b.Nodes[0] : -1;
            var last = rows.Count > 0 ? rows[^1] : null;
            bool removable = b.Removable == "1";
            if (last is not null && last.First + last.Count == b.Id && last.State == b.State && last.Removable == removable
                && last.Node == node && last.Zones == zones && !b.ValidZones.Any(z => ZoneWord(z) == "Unknown"))
                rows[^1] = last with { Count = last.Count + 1 };
            else
                rows.Add(new Row(b.Id, 1, b.State, removable, node, zones));
        }

        string[] headers = { "RANGE", "SIZE", "STATE", "REMOVABLE", "BLOCK", "NODE", "ZONES" };
        var cells = rows.Select(r =>
        {
            ulong start = (ulong)r.First * m.BlockSize, size = (ulong)r.Count * m.BlockSize;
            return new[]
            {
                $"0x{start:x16}-0x{start + size - 1:x16}",
                HumanSize(size),
                r.State,
                r.State == "online" ? (r.Removable ? "yes" : "no") : "",
                r.Count == 1 ? $"{r.First}" : $"{r.First}-{r.First + r.Count - 1}",
                $"{r.Node}",
                r.Zones,
            };
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        widths[1] = Math.Max(widths[1], 5);

        var text = new StringBuilder();
        void Line(string[] row)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append(' ');
                text.Append(i == 0 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
            }
            text.Append('\n');
        }
        Line(headers);
        foreach (var row in cells) Line(row);

        ulong online = 0, offline = 0;
        foreach (var b in m.Blocks.Values)
            if (b.State == BlockState.Online) online += m.BlockSize; else offline += m.BlockSize;
        text.Append('\n');
        text.Append($"{"Memory block size:",-23} {HumanSize(m.BlockSize),5}\n");
        text.Append($"{"Total online memory:",-23} {HumanSize(online),5}\n");
        text.Append($"{"Total offline memory:",-23} {HumanSize(offline),5}\n");
        return text.ToString();
    }

    /// <summary>lsmem's zone_names[] spelling of a valid_zones word (matched case-insensitively; "none" is "None").</summary>
    private static string ZoneWord(string word)
    {
        foreach (var name in new[] { "DMA", "DMA32", "Normal", "Highmem", "Movable", "Device", "None" })
            if (string.Equals(name, word, StringComparison.OrdinalIgnoreCase)) return name;
        return "Unknown";
    }

    /// <summary>
    /// size_to_human_string(SIZE_SUFFIX_1LETTER): the largest binary unit not above the size, one decimal rounded
    /// to the nearest tenth (a trailing .0 dropped), e.g. 128M, 1.9G, 2G, 0B.
    /// </summary>
    public static string HumanSize(ulong bytes)
    {
        int exp = 0;
        for (int shift = 10; shift <= 60; shift += 10)
        {
            if (bytes < 1UL << shift) break;
            exp = shift;
        }
        char letter = "BKMGTPE"[exp / 10];
        ulong dec = exp == 0 ? bytes : bytes >> exp;
        ulong frac = exp == 0 ? 0 : bytes & ((1UL << exp) - 1);
        if (frac != 0)
        {
            frac = frac >= ulong.MaxValue / 1000 ? (frac / 1024 * 1000) >> (exp - 10) : (frac * 1000) >> exp;
            frac = (frac + 50) / 100 * 10;
            if (frac == 100) { dec++; frac = 0; }
        }
        if (frac == 0) return $"{dec}{letter}";
        string digits = $"{frac:00}";
        if (digits.EndsWith('0')) digits = digits[..^1];
        return $"{dec}.{digits}{letter}";
    }
}
