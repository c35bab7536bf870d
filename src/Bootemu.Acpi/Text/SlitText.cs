using System.Text;
using Bootemu.Acpi.Slit;
using Bootemu.Core.Yaml;
using Bootemu.Core;
using SlitTable = Bootemu.Acpi.Slit.Slit;

namespace Bootemu.Acpi.Text;

/// <summary>
/// The YAML form of a SLIT: an optional <c>header</c> block (defaults as for the SRAT, revision 1) and
/// <c>distances</c>, a list of rows, each a list of N numbers 0-255. <c>localities</c> may be given as a check.
/// <c>trailing</c> holds bytes the table has after the matrix (hex pairs), which the kernel ignores.
/// </summary>
public static class SlitYaml
{
    public static SlitTable Read(YamlValue node)
    {
        var map = node.AsMap();
        var header = YamlFields.Header(map.Optional("header") is YamlValue h ? h.AsMap() : null, SlitTable.Signature, 1);
        var rowsNode = map.Required("distances");
        var rows = rowsNode.AsList();
        if (map.Optional("localities") is YamlValue count && count.AsU64() != (ulong)rows.Count)
            throw count.Error($"localities is {count.AsString()} but distances has {rows.Count} rows");
        var matrix = new List<IReadOnlyList<byte>>(rows.Count);
        foreach (var rowNode in rows)
        {
            var cells = rowNode.AsList();
            if (cells.Count != rows.Count)
                throw rowNode.Error($"this row has {cells.Count} distances; a SLIT with {rows.Count} localities needs {rows.Count} in every row");
            matrix.Add(cells.Select(c => (byte)c.AsInt(0, byte.MaxValue)).ToArray());
        }
        var trailing = YamlFields.OptionalBytes(map, "trailing");
        map.RejectUnknownKeys();
        var slit = SlitTable.Create(header, matrix);
        return trailing.IsEmpty ? slit : slit with { Trailing = trailing, Header = slit.Header with { Length = slit.Header.Length + (uint)trailing.Length } };
    }

    public static SlitTable Parse(string text, string source) => Read(YamlInput.Load(text, source));
}

/// <summary>Writers of the SLIT text forms: YAML, JSON and the iasl listing.</summary>
public static class SlitWriter
{
    public static string Yaml(SlitTable slit)
    {
        var sb = new StringBuilder("# ACPI SLIT (System Locality Information Table); row i lists the distances from locality i\n");
        TextFormat.YamlHeader(sb, slit.Header, slit.Encode);
        sb.Append($"localities: {slit.LocalityCount}\n");
        sb.Append(slit.LocalityCount == 0 ? "distances: []\n" : "distances:\n");
        for (int i = 0; i < slit.LocalityCount; i++)
            sb.Append("  - [").Append(string.Join(", ", Row(slit, i))).Append($"]  # offset 0x{SlitTable.OffsetOf(slit.LocalityCount, i, 0):x}\n");
        if (!slit.Trailing.IsEmpty)
            TextFormat.YamlByteBlock(sb, "trailing", slit.Trailing.AsSpan(), $"offset 0x{slit.TrailingOffset:x}, {slit.Trailing.Length} bytes after the matrix (the kernel ignores them)");
        return sb.ToString();
    }

    public static string Json(SlitTable slit)
    {
        byte[] table = slit.Encode();
        return IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            JsonOutput.Header(w, slit.Header, table);
            w.WriteNumber("localities", slit.LocalityCount);
            w.WriteBoolean("kernel_accepts", slit.KernelAccepts);
            w.WriteStartArray("distances");
            for (int i = 0; i < slit.LocalityCount; i++)
            {
                w.WriteStartArray();
                foreach (byte d in Row(slit, i)) w.WriteNumberValue(d);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            if (!slit.Trailing.IsEmpty)
            {
                w.WriteStartObject("trailing");
                w.WriteNumber("offset", slit.TrailingOffset);
                w.WriteNumber("length", slit.Trailing.Length);
                w.WriteString("bytes", TextFormat.HexBytes(slit.Trailing.AsSpan()));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The listing <c>iasl -d</c> prints for a SLIT; iasl 20200925 compiles it back with <c>iasl -z</c> when the
    /// header text reads back (the listing says so otherwise, see <see cref="DslHeader.CompileNote"/>). A SLIT with
    /// bytes after its matrix is written in iasl's generic-operator form: <c>iasl -d</c> leaves those bytes out of
    /// its listing and the SLIT compiler takes exactly the matrix, while <c>iasl -G -z</c> keeps them.
    /// </summary>
    public static string Dsl(SlitTable slit)
    {
        byte[] table = slit.Encode();
        return slit.Trailing.IsEmpty ? Fields(slit, table) : Generic(slit, table);
    }

    private static string Generic(SlitTable slit, byte[] table)
    {
        var l = new DslListing().Preamble(SlitTable.Signature, "System Locality Information Table", DslHeader.CompileNote(slit.Header, table, "-G -z"));
        l.Text($"/* The table has {slit.Trailing.Length} bytes after its distance matrix, which iasl's SLIT listing leaves out; its body is in generic form. */\n");
        DslHeader.Write(l, slit.Header, table);
        var g = new GenericBody(l, table);
        int n = slit.LocalityCount;
        l.Blank();
        g.U(36, 8, "Localities");
        for (int i = 0; i < n; i++) g.Bytes(SlitTable.OffsetOf(n, i, 0), n, $"Locality {i}");
        g.Bytes(slit.TrailingOffset, slit.Trailing.Length, "Bytes after the matrix (the kernel ignores them)");
        return l.Blank().RawData(table).ToString();
    }

    private static string Fields(SlitTable slit, byte[] table)
    {
        var l = new DslListing().Preamble(SlitTable.Signature, "System Locality Information Table", DslHeader.CompileNote(slit.Header, table, "-z"));
        DslHeader.Write(l, slit.Header, table);
        l.Blank().Hex(36, 8, "Localities", (ulong)slit.LocalityCount);
        int n = slit.LocalityCount;
        for (int i = 0; i < n; i++)
        {
            // iasl wraps a row after 16 distances, ending the line with " \" and indenting the rest under the values.
            var row = Row(slit, i).Select(d => d.ToString("X2")).ToList();
            var text = new StringBuilder();
            for (int k = 0; k < row.Count; k += 16)
            {
                if (k > 0) text.Append(" \\\n").Append(' ', 47);
                text.Append(string.Join(' ', row.Skip(k).Take(16)));
            }
            l.Field(SlitTable.OffsetOf(n, i, 0), n, $"Locality {i,3}", text.ToString());
        }
        return l.Blank().RawData(table).ToString();
    }

    private static IEnumerable<byte> Row(SlitTable slit, int i)
    {
        for (int j = 0; j < slit.LocalityCount; j++) yield return slit.Distance(i, j);
    }
}
