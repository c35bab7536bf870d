using System.Buffers.Binary;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Text;

/// <summary>
/// Writes an SRAT as an iasl data-table listing (the <c>.dsl</c> that <c>iasl -d</c> prints). Debian's iasl 20200925
/// compiles a listing only when it names subtable types 0 to 5 with the fields it knows, and it rebuilds flag words
/// from their named bits and zeroes some reserved fields. A table that listing cannot reproduce exactly (types 6
/// and up, bytes beyond a structure, flag bits iasl does not name, non-zero reserved fields iasl drops, bytes the
/// subtable walk does not reach) is written in iasl's generic-operator form instead, which compiles with
/// <c>iasl -G -z</c>. Header text iasl cannot take makes no form compile; the listing then says so.
/// </summary>
public static class SratDslWriter
{
    public static string Write(SratTable srat)
    {
        byte[] table = srat.Encode();
        return BodyListable(srat) ? Fields(srat, table) : Generic(srat, table);
    }

    /// <summary>True when iasl 20200925's SRAT compiler turns the field listing back into exactly these bytes.</summary>
    public static bool IaslCanRebuild(SratTable srat) =>
        srat.Header.Checksum is null && DslHeader.TextReadsBack(srat.Header) && BodyListable(srat);

    /// <summary>
    /// True when iasl's SRAT compiler rebuilds everything after the header from the field listing. The header text
    /// and checksum do not choose the form: iasl treats them alike in both (see <see cref="DslHeader.CompileNote"/>).
    /// </summary>
    private static bool BodyListable(SratTable srat)
    {
        if (srat.Reserved != 0 || !srat.Undecoded.IsEmpty) return false;
        foreach (var s in srat.Subtables)
            if (!s.Extra.IsEmpty || s.Description is not { IaslCompiles: true } description || !description.Fields.All(f => IaslKeeps(f, f.Get(s))))
                return false;
        return true;
    }

    /// <summary>False when iasl 20200925 would compile the field's listed value into other bytes.</summary>
    private static bool IaslKeeps(SratField field, UInt128 value) =>
        field.IaslZeroes ? value == 0 : field.Kind != SratFieldKind.Flags || ((uint)value & ~field.IaslBits) == 0;

    private static string Fields(SratTable srat, byte[] table)
    {
        var l = new DslListing().Preamble(SratTable.Signature, "System Resource Affinity Table", DslHeader.CompileNote(srat.Header, table, "-z"));
        DslHeader.Write(l, srat.Header, table);
        l.Blank().Hex(36, 4, "Table Revision", srat.TableRevision).Hex(40, 8, "Reserved", srat.Reserved).Blank();
        foreach (var s in srat.Subtables)
        {
            int o = s.Offset;
            l.Field(o, 1, "Subtable Type", $"{(byte)s.Type:X2} [{SratSubtable.TypeName((byte)s.Type)}]")
             .Hex(o + 1, 1, "Length", (ulong)s.DeclaredLength).Blank();
            foreach (var (field, part) in s.Description!.PartsByOffset)
            {
                var value = field.PartValue(part, field.Get(s));
                if (field.Kind == SratFieldKind.Flags)
                {
                    l.Hex(o + part.Offset, part.Width, $"{part.IaslLabel} (decoded below)", (ulong)value);
                    foreach (var bit in field.Bits)
                        if (bit.IaslLabel is not null) l.Flag(bit.IaslLabel, ((uint)value & bit.Bit) != 0);
                }
                else if (part.Width > sizeof(ulong))
                    l.Field(o + part.Offset, part.Width, part.IaslLabel, TextFormat.HexBytes(LittleEndian(value).AsSpan(0, part.Width)).ToUpperInvariant());
                else
                    l.Hex(o + part.Offset, part.Width, part.IaslLabel, (ulong)value);
            }
            l.Blank();
        }
        return l.RawData(table).ToString();
    }

    private static string Generic(SratTable srat, byte[] table)
    {
        var l = new DslListing().Preamble(SratTable.Signature, "System Resource Affinity Table", DslHeader.CompileNote(srat.Header, table, "-G -z"));
        l.Text("/* iasl 20200925 cannot list this table field by field (see SratDslWriter); its body is in generic form. */\n");
        DslHeader.Write(l, srat.Header, table);
        var g = new GenericBody(l, table);
        l.Blank();
        g.U(36, 4, "Table Revision").U(40, 8, "Reserved");
        foreach (var s in srat.Subtables)
        {
            int o = s.Offset;
            l.Blank();
            g.U(o, 1, $"Subtable Type [{SratSubtable.TypeName((byte)s.Type)}]").U(o + 1, 1, "Length");
            if (s is UnknownSubtable { Body.Length: > 0 } u)
                g.Bytes(o + SratLayout.Subtable.HeaderSize, u.Body.Length, "Data");
            foreach (var (_, part) in s.Description?.PartsByOffset ?? [])
            {
                // iasl's generic operators are UINT8 to UINT64; other widths are a buffer.
                if (part.Width is 1 or 2 or 4 or 8) g.U(o + part.Offset, part.Width, part.CommentLabel);
                else g.Bytes(o + part.Offset, part.Width, part.CommentLabel);
            }
            if (!s.Extra.IsEmpty) g.Bytes(o + s.StructureLength, s.Extra.Length, "Extra bytes beyond the structure");
        }
        if (srat.UndecodedReason is { } reason) Undecoded(l, g, srat, reason);
        return l.Blank().RawData(table).ToString();
    }

    /// <summary>A wide field's bytes as the table holds them (iasl lists the device handle as a byte string).</summary>
    private static byte[] LittleEndian(UInt128 value)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>
    /// Where the walk stops, iasl -d prints the subtable header it found and a note ("Invalid zero length
    /// subtable") and lists no more; here the note is a comment and the rest of the table follows as a buffer, so
    /// the listing still compiles into the same bytes.
    /// </summary>
    private static void Undecoded(DslListing l, GenericBody g, SratTable srat, string reason)
    {
        int o = srat.UndecodedOffset;
        int length = srat.Undecoded.Length;
        l.Blank().Text($"/* Offset 0x{o:X}: {reason}. The subtable walk stops here; the rest of the table is not decoded. */\n");
        if (length < 2)
        {
            g.Bytes(o, length, "Stray bytes");
            return;
        }
        g.U(o, 1, $"Subtable Type [{SratSubtable.TypeName(srat.Undecoded[0])}]").U(o + 1, 1, "Length");
        if (length > 2) g.Bytes(o + 2, length - 2, "Not decoded");
    }
}
