using System.Globalization;
using System.Text;
using Bootemu.Core;

namespace Bootemu.Acpi.Text;

/// <summary>One table of an acpidump text: its signature, where firmware put it, its bytes, and the line it starts on.</summary>
public sealed record AcpiDumpTable(string Signature, ulong Address, byte[] Bytes, int Line);

/// <summary>
/// The text ACPICA's <c>acpidump</c> prints: for each table a line <c>SRAT @ 0x000000007FFE22CB</c>, then hex dump
/// lines <c>    0000: 53 52 41 54 ...  SRAT....</c> (16 bytes a line, ASCII after), then a blank line.
/// Text outside the table blocks (a shell prompt, a note) is ignored; a malformed line inside a block is an error,
/// and so is a table header line whose address does not read (the table would otherwise be dropped unseen).
/// </summary>
public sealed record AcpiDump(string Source, IReadOnlyList<AcpiDumpTable> Tables)
{
    public static AcpiDump Parse(string text, string source)
    {
        var tables = new List<AcpiDumpTable>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string header = lines[i].TrimEnd('\r');
            var kind = TableStart(header, out string signature, out ulong address);
            if (kind == LineKind.Other) continue;
            if (kind == LineKind.MalformedTableStart)
                throw new InputException($"{source}:{i + 1}", $"malformed acpidump table header line (expected \"SIG @ 0x\" and a hex address of at most 64 bits): {InputText.Quote(header)}");
            int start = i + 1;
            var bytes = new List<byte>();
            for (i++; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0) break;
                ParseDumpLine(line, bytes, $"{source}:{i + 1}");
            }
            if (bytes.Count == 0)
                throw new InputException($"{source}:{start}", $"table {signature} has no hex dump lines");
            tables.Add(new AcpiDumpTable(signature, address, [.. bytes], start));
        }
        return new AcpiDump(source, tables);
    }

    /// <summary>True when the text holds at least one acpidump table header line (well formed or not, so a malformed one is reported by <see cref="Parse"/>).</summary>
    public static bool Looks(string text)
    {
        foreach (var line in text.Split('\n'))
            if (TableStart(line.TrimEnd('\r'), out _, out _) != LineKind.Other) return true;
        return false;
    }

    /// <summary>
    /// The first table with <paramref name="signature"/>, the one the kernel uses (it asks ACPICA for instance 0 of
    /// a signature, the first in its table list); an error naming the tables present when there is none.
    /// </summary>
    public AcpiDumpTable Table(string signature)
    {
        foreach (var t in Tables)
            if (t.Signature == signature) return t;
        string present = Tables.Count == 0 ? "none" : string.Join(", ", Tables.Select(t => t.Signature));
        throw new InputException(Source, $"no {signature} table in this acpidump text (tables found: {present})");
    }

    /// <summary>
    /// Every table with <paramref name="signature"/>, in dump order, each with the line it starts on. Firmware
    /// does ship two: a Dell Precision 5810's dump has two SRATs.
    /// </summary>
    public IReadOnlyList<AcpiDumpTable> Instances(string signature) => Tables.Where(t => t.Signature == signature).ToList();

    /// <summary>
    /// When the dump holds more than one table with <paramref name="signature"/>, a note saying how many, at which
    /// lines, and that the first is the one used; null otherwise.
    /// </summary>
    public string? InstancesNote(string signature)
    {
        var instances = Instances(signature);
        if (instances.Count < 2) return null;
        string lines = string.Join(", ", instances.Take(instances.Count - 1).Select(t => t.Line)) + $" and {instances[^1].Line}";
        return $"this acpidump text holds {instances.Count} {signature} tables, at lines {lines}; " +
            $"bootemu reads the first, as the kernel uses the first {signature} in its table list";
    }

    /// <summary>Writes tables the way acpidump prints them.</summary>
    public static string Write(IEnumerable<AcpiDumpTable> tables)
    {
        var sb = new StringBuilder();
        foreach (var t in tables)
        {
            sb.Append($"{t.Signature} @ 0x{t.Address:X16}\n");
            HexDump.Write(sb, t.Bytes, "");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private enum LineKind { Other, TableStart, MalformedTableStart }

    /// <summary>
    /// "SRAT @ 0x000000007FFE22CB": four printable signature characters (acpidump prints "ASF!" too), " @ ", then
    /// "0x" and a hex address. A line that starts like one but whose address does not read as 64 bits is malformed,
    /// not text to skip: skipping it would drop the table silently.
    /// </summary>
    private static LineKind TableStart(string line, out string signature, out ulong address)
    {
        signature = "";
        address = 0;
        if (line.Length < 7 || line[4..7] != " @ ") return LineKind.Other;
        foreach (char c in line[..4])
            if (c is <= ' ' or > '~') return LineKind.Other;
        var rest = line.AsSpan(7).TrimEnd();
        if (rest.Length < 3 || rest[0] != '0' || rest[1] is not ('x' or 'X')
            || !ulong.TryParse(rest[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address))
            return LineKind.MalformedTableStart;
        signature = line[..4];
        return LineKind.TableStart;
    }

    private static void ParseDumpLine(string line, List<byte> bytes, string where)
    {
        int colon = line.IndexOf(':');
        if (colon < 0 || !int.TryParse(line.AsSpan(0, colon).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int offset))
            throw new InputException(where, $"malformed acpidump line (expected \"    OFFS: XX XX ...\"): {InputText.Quote(line)}");
        if (offset != bytes.Count)
            throw new InputException(where, $"dump line offset 0x{offset:X4} does not follow the previous line (expected 0x{bytes.Count:X4})");
        int pos = colon + 1;
        int count = 0;
        while (count < 16 && pos + 3 <= line.Length && line[pos] == ' ' && Uri.IsHexDigit(line[pos + 1]) && Uri.IsHexDigit(line[pos + 2])
               && (pos + 3 == line.Length || line[pos + 3] == ' '))
        {
            bytes.Add(byte.Parse(line.AsSpan(pos + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            pos += 3;
            count++;
        }
        if (count == 0)
            throw new InputException(where, $"malformed acpidump line (no hex bytes after the offset): {InputText.Quote(line)}");
    }
}
