using System.Globalization;
using System.Text;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// util-linux lsmem (2.38, Debian 12) reading the machine's /sys/devices/system/memory, printed into a pipe or a file:
/// see <see cref="LsmemChoices"/> for what it is asked, <see cref="LsmemTable"/> for how libsmartcols lays out the table.
/// Consecutive blocks merge into one row unless a chosen STATE, REMOVABLE, NODE or ZONES column tells them apart (a
/// block whose valid_zones holds a word lsmem does not know never merges); a merged row shows its first block's values.
/// NODE is empty when the first block links to no node, ZONES when there is no memory0 (lsmem looks for
/// memory0/valid_zones); a block linked to two nodes shows the lower.
/// </summary>
public static class LsmemView
{
    private sealed record Row(long First, long Count, string State, bool Removable, int Node, IReadOnlyList<string> Zones);

    public static string Render(HotplugMachine m) => Render(m, LsmemChoices.Default);

    public static string Render(HotplugMachine m, LsmemChoices choices)
    {
        var blocks = SysfsView.Blocks(m).ToList();
        bool haveNodes = blocks.Count > 0 && blocks[0].Nodes.Count > 0;
        bool haveZones = blocks.Any(b => b.Id == 0);
        var rows = new List<Row>();
        ulong online = 0, offline = 0;
        foreach (var b in blocks)
        {
            if (b.State == "online") online += m.BlockSize; else offline += m.BlockSize;
            var row = new Row(b.Id, 1, b.State, b.Removable == "1", b.Nodes.Count > 0 ? b.Nodes.Min() : -1,
                haveZones ? b.ValidZones.Select(ZoneWord).ToList() : []);
            if (rows.Count > 0 && Merges(rows[^1], row, choices, haveNodes))
                rows[^1] = rows[^1] with { Count = rows[^1].Count + 1 };
            else
                rows.Add(row);
        }

        var text = new StringBuilder();
        if (choices.Summary != LsmemSummary.Only)
        {
            var cells = rows.Select(r => choices.Columns.Select(c => Cell(r, c, m.BlockSize, choices.Bytes, haveNodes)).ToList()).ToList();
            text.Append(LsmemTable.Render(choices.Columns, cells));
            if (choices.Summary == LsmemSummary.Always) text.Append('\n');
        }
        if (choices.Summary != LsmemSummary.Never)
        {
            SummaryLine(text, "Memory block size:", m.BlockSize, choices.Bytes);
            SummaryLine(text, "Total online memory:", online, choices.Bytes);
            SummaryLine(text, "Total offline memory:", offline, choices.Bytes);
        }
        return text.ToString();
    }

    /// <summary>Whether <paramref name="next"/> continues <paramref name="last"/>'s row: adjacent, and equal in every chosen column that splits.</summary>
    private static bool Merges(Row last, Row next, LsmemChoices choices, bool haveNodes) =>
        last.First + last.Count == next.First
        && (!choices.Shows(LsmemColumn.State) || last.State == next.State)
        && (!choices.Shows(LsmemColumn.Removable) || last.Removable == next.Removable)
        && (!choices.Shows(LsmemColumn.Node) || !haveNodes || last.Node == next.Node)
        && (!choices.Shows(LsmemColumn.Zones) || (last.Zones.SequenceEqual(next.Zones) && !last.Zones.Contains("Unknown")));

    private static string Cell(Row r, LsmemColumn column, ulong blockSize, bool bytes, bool haveNodes)
    {
        ulong start = (ulong)r.First * blockSize, size = (ulong)r.Count * blockSize;
        return column switch
        {
            LsmemColumn.Range => $"0x{start:x16}-0x{start + size - 1:x16}",
            LsmemColumn.Size => bytes ? size.ToString(CultureInfo.InvariantCulture) : HumanSize(size),
            LsmemColumn.State => r.State,
            LsmemColumn.Removable => r.State == "online" ? (r.Removable ? "yes" : "no") : "",
            LsmemColumn.Block => r.Count == 1 ? $"{r.First}" : $"{r.First}-{r.First + r.Count - 1}",
            LsmemColumn.Node => haveNodes ? $"{r.Node}" : "",
            LsmemColumn.Zones => string.Join("/", r.Zones),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    /// <summary>A summary line: the label padded to 23, then the size right-aligned in 5 (human) or 15 (bytes).</summary>
    private static void SummaryLine(StringBuilder text, string label, ulong size, bool bytes) =>
        text.Append(bytes ? $"{label,-23} {size,15}\n" : $"{label,-23} {HumanSize(size),5}\n");

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
