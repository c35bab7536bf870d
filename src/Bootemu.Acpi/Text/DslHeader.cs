using System.Buffers.Binary;
using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Text;

/// <summary>The common-header part of an iasl listing, shared by SRAT and SLIT.</summary>
internal static class DslHeader
{
    public static void Write(DslListing l, AcpiTableHeader h, ReadOnlySpan<byte> table)
    {
        l.Hex(4, 4, "Table Length", (uint)table.Length)
         .Hex(8, 1, "Revision", h.Revision)
         .Hex(9, 1, "Checksum", table[9])
         .Field(10, 6, "Oem ID", Quoted(h.OemId))
         .Field(16, 8, "Oem Table ID", Quoted(h.OemTableId))
         .Hex(24, 4, "Oem Revision", h.OemRevision)
         .Field(28, 4, "Asl Compiler ID", Quoted(h.CreatorId))
         .Hex(32, 4, "Asl Compiler Revision", h.CreatorRevision);
    }

    /// <summary>
    /// iasl prints a header text field up to its first NUL and compiles it back NUL-padded, so it reads back only
    /// when it is printable ASCII (no quote) followed by nothing but NULs.
    /// </summary>
    public static bool TextReadsBack(AcpiTableHeader h) => UnreadableText(h).Count == 0;

    /// <summary>
    /// What the listing's first comment says about compiling it back with <c>iasl <paramref name="flags"/></c>:
    /// the command, with the one thing iasl writes differently (it always computes the checksum), or, when a
    /// header text field cannot be written so that iasl takes it, that no iasl command gives the table back.
    /// iasl 20200925 (tried) reads a string value's bytes as they are up to the closing quote: <c>\xNN</c> stays four
    /// characters, a quote ends the string, and a file holding a control character or a byte above 0x7E is taken
    /// for a binary table and disassembled instead. HP ProLiant DL360 G7 and DL380e Gen8 tables carry creator ID
    /// bytes D2 04 00 00.
    /// </summary>
    public static string CompileNote(AcpiTableHeader h, ReadOnlySpan<byte> table, string flags)
    {
        var unreadable = UnreadableText(h);
        if (unreadable.Count > 0)
            return $"iasl cannot compile this listing back into the table: the {string.Join(" and ", unreadable)}\n" +
                $"{(unreadable.Count == 1 ? "holds" : "hold")} bytes iasl does not take as header text. iasl takes only printable ASCII without quotes\n" +
                "(it reads \\xNN as four characters, and takes a file holding a control character or a byte above 0x7E for a\n" +
                $"binary table). `bootemu {h.Signature.ToLowerInvariant()} encode` of the YAML form writes the exact table.";
        string command = $"Compile back into the binary table with: iasl {flags} FILE.dsl";
        return h.Checksum is byte kept
            ? $"{command}\n(iasl computes the checksum: it writes 0x{AcpiTableCodec.ExpectedChecksum(table):X2} where this table has 0x{kept:X2})"
            : command;
    }

    /// <summary>The header text fields iasl cannot compile back, each with its bytes: "Asl Compiler ID (bytes D2 04 00 00)".</summary>
    private static List<string> UnreadableText(AcpiTableHeader h)
    {
        var fields = new List<string>();
        foreach (var (name, field) in new[] { ("Oem ID", h.OemId), ("Oem Table ID", h.OemTableId), ("Asl Compiler ID", h.CreatorId) })
            if (!ReadsBack(field))
                fields.Add($"{name} (bytes {TextFormat.HexBytes(AcpiTableCodec.Latin1Bytes(field)).ToUpperInvariant()})");
        return fields;
    }

    private static bool ReadsBack(string field)
    {
        string text = field.TrimEnd('\0');
        foreach (char c in text)
            if (c is < ' ' or > '~' or '"') return false;
        return true;
    }

    private static string Quoted(string field) => $"\"{AcpiTableCodec.Printable(field.TrimEnd('\0'))}\"";
}

/// <summary>Fields written with iasl's generic operators (UINT8 ... UINT64, Buffer), each with its name in a comment.</summary>
internal sealed class GenericBody(DslListing listing, byte[] table)
{
    public GenericBody U(int offset, int size, string name)
    {
        var span = table.AsSpan(offset, size);
        ulong value = size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
        listing.Field(offset, size, $"UINT{size * 8}", $"{value.ToString("X" + size * 2)}    /* {name} */");
        return this;
    }

    public GenericBody Bytes(int offset, int size, string name)
    {
        listing.Field(offset, size, "Buffer", $"{TextFormat.HexBytes(table.AsSpan(offset, size)).ToUpperInvariant()}    /* {name} */");
        return this;
    }
}
