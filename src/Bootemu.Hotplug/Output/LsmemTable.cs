using System.Text;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// lsmem's table as libsmartcols lays it out when it does not write to a terminal: a header line, then one line per row,
/// columns one space apart. A column is as wide as its widest cell, at least as wide as its header, and SIZE (width hint 5)
/// at least 5 when its widest cell is not narrower than its header. RANGE is left-aligned, every other column right-aligned;
/// the last column is never padded on the right, and an empty cell in it prints nothing after the space.
/// </summary>
internal static class LsmemTable
{
    private const int SizeWidthHint = 5;

    public static string Render(IReadOnlyList<LsmemColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var headers = columns.Select(LsmemChoices.Header).ToList();
        var widths = new int[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            int widest = rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max();
            widths[i] = widest < headers[i].Length ? headers[i].Length
                : columns[i] == LsmemColumn.Size && widest < SizeWidthHint ? SizeWidthHint
                : widest;
        }

        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (int i = 0; i < cells.Count; i++)
            {
                bool last = i == cells.Count - 1;
                if (i > 0) text.Append(' ');
                if (columns[i] == LsmemColumn.Range)
                    text.Append(last ? cells[i] : cells[i].PadRight(widths[i]));
                else if (!(last && cells[i].Length == 0))
                    text.Append(cells[i].PadLeft(widths[i]));
            }
            text.Append('\n');
        }
        Line(headers);
        foreach (var row in rows) Line(row);
        return text.ToString();
    }
}
