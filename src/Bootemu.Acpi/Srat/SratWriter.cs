using System.Buffers.Binary;
using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Srat;

/// <summary>Writes an <see cref="Srat"/> as the exact bytes firmware would hand the kernel.</summary>
public static class SratWriter
{
    /// <summary>
    /// The table's bytes: header, table revision, reserved, then each subtable (its structure and its
    /// <see cref="SratSubtable.Extra"/> bytes), then the <see cref="Srat.Undecoded"/> bytes. Length is computed; the checksum is computed unless the header
    /// keeps a wrong one (<see cref="AcpiTableHeader.Checksum"/>).
    /// </summary>
    public static byte[] Write(Srat srat)
    {
        int length = Srat.HeaderSize;
        foreach (var subtable in srat.Subtables)
        {
            int declared = subtable.DeclaredLength;
            if (declared > byte.MaxValue)
                throw new ArgumentException($"subtable type {(byte)subtable.Type} at index {length} would be {declared} bytes long; a subtable length is one byte (at most 255)");
            length += declared;
        }
        length += srat.Undecoded.Length;
        var table = new byte[length];
        AcpiTableCodec.WriteHeader(table, srat.Header);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(SratLayout.TableRevision), srat.TableRevision);
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(SratLayout.Reserved), srat.Reserved);
        int offset = Srat.HeaderSize;
        foreach (var subtable in srat.Subtables)
        {
            var span = table.AsSpan(offset, subtable.DeclaredLength);
            span[SratLayout.Subtable.Type] = (byte)subtable.Type;
            span[SratLayout.Subtable.Length] = (byte)subtable.DeclaredLength;
            subtable.WriteStructure(span[..subtable.StructureLength]);
            subtable.Extra.AsSpan().CopyTo(span[subtable.StructureLength..]);
            offset += span.Length;
        }
        srat.Undecoded.AsSpan().CopyTo(table.AsSpan(offset));
        AcpiTableCodec.Seal(table, srat.Header.Checksum);
        return table;
    }
}
