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
    public static bool TextReadsBack(AcpiTableHeader h) =>
        ReadsBack(h.OemId) && ReadsBack(h.OemTableId) && ReadsBack(h.CreatorId);

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
