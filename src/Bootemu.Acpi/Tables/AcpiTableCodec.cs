using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Bootemu.Core;

namespace Bootemu.Acpi.Tables;

/// <summary>
/// Reading and writing the common 36-byte ACPI header and the checksum rule shared by SRAT and SLIT
/// (ACPICA's <c>acpi_tb_checksum</c>: every byte of the table, checksum included, sums to 0 mod 256).
/// </summary>
public static class AcpiTableCodec
{
    /// <summary>The 8-bit sum of <paramref name="bytes"/>.</summary>
    public static byte Sum(ReadOnlySpan<byte> bytes)
    {
        // Byte lanes add modulo 256, which is all a checksum needs, so large tables are summed a vector at a time.
        var lanes = Vector<byte>.Zero;
        int i = 0;
        for (; i + Vector<byte>.Count <= bytes.Length; i += Vector<byte>.Count)
            lanes += new Vector<byte>(bytes[i..]);
        uint sum = 0;
        for (int k = 0; k < Vector<byte>.Count; k++) sum += lanes[k];
        for (; i < bytes.Length; i++) sum += bytes[i];
        return (byte)sum;
    }

    /// <summary>The checksum byte that makes <paramref name="table"/> sum to zero, given its current checksum byte.</summary>
    public static byte ExpectedChecksum(ReadOnlySpan<byte> table) => (byte)(table[9] - Sum(table));

    /// <summary>
    /// Reads and bounds-checks the header of a table of the given signature, returning it with the table length
    /// to use. A <paramref name="strict"/> read (decode) fails on any disagreement between the Length field and
    /// the data; a lenient one (check) adds it to <paramref name="findings"/> and goes on with what can be read.
    /// A wrong checksum is a finding either way: the kernel warns about it and uses the table.
    /// </summary>
    public static (AcpiTableHeader Header, int TableLength) ReadHeader(
        ReadOnlySpan<byte> data, string signature, int minimumLength, List<AcpiDiagnostic> findings, bool strict)
    {
        if (data.Length < AcpiTableHeader.Size)
            throw InputException.AtOffset(data.Length, $"truncated ACPI table header: the data ends after {data.Length} bytes, a header needs {AcpiTableHeader.Size}");
        string found = Latin1(data[..4]);
        if (found != signature)
            throw InputException.AtOffset(0, $"signature is \"{Printable(found)}\", expected \"{signature}\"");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(data[AcpiTableHeader.LengthOffset..]);
        if (length < AcpiTableHeader.Size)
            throw InputException.AtOffset(AcpiTableHeader.LengthOffset, $"Length field is {length}, smaller than the {AcpiTableHeader.Size}-byte ACPI table header");
        int tableLength = (int)Math.Min(length, (uint)data.Length);
        if (length > (uint)data.Length)
        {
            string message = $"Length field is 0x{length:x} ({length}) but the data holds only {data.Length} bytes";
            if (strict) throw InputException.AtOffset(AcpiTableHeader.LengthOffset, message);
            findings.Add(new AcpiDiagnostic(AcpiFindingId.TableLengthBeyondData, AcpiTableHeader.LengthOffset, message));
        }
        else if (length < (uint)data.Length)
        {
            string message = $"Length field is 0x{length:x} ({length}) but the data holds {data.Length} bytes ({data.Length - length} bytes after the table)";
            if (strict) throw InputException.AtOffset(AcpiTableHeader.LengthOffset, message);
            findings.Add(new AcpiDiagnostic(AcpiFindingId.TableDataAfterLength, AcpiTableHeader.LengthOffset, message));
        }
        if (length < (uint)minimumLength && !strict)
            findings.Add(new AcpiDiagnostic(AcpiFindingId.TableLengthBelowHeader, AcpiTableHeader.LengthOffset, $"Length field is {length}, smaller than the {minimumLength}-byte {signature} header"));

        var table = data[..tableLength];
        byte expected = ExpectedChecksum(table);
        byte? wrong = expected == table[9] ? null : table[9];
        if (wrong is not null)
            findings.Add(new AcpiDiagnostic(AcpiFindingId.TableChecksum, 9, $"checksum is 0x{table[9]:x2}, should be 0x{expected:x2} (the kernel warns \"Incorrect checksum in table [{signature}]\" and uses the table anyway)"));

        var header = new AcpiTableHeader(
            found,
            length,
            data[AcpiTableHeader.RevisionOffset],
            wrong,
            Latin1(data.Slice(10, 6)),
            Latin1(data.Slice(16, 8)),
            BinaryPrimitives.ReadUInt32LittleEndian(data[24..]),
            Latin1(data.Slice(28, 4)),
            BinaryPrimitives.ReadUInt32LittleEndian(data[32..]));
        return (header, tableLength);
    }

    /// <summary>Writes the header into the first 36 bytes of <paramref name="table"/>, Length set to the span's length, checksum 0.</summary>
    public static void WriteHeader(Span<byte> table, AcpiTableHeader header)
    {
        WriteFixed(table[..4], header.Signature, "signature");
        BinaryPrimitives.WriteUInt32LittleEndian(table[AcpiTableHeader.LengthOffset..], (uint)table.Length);
        table[AcpiTableHeader.RevisionOffset] = header.Revision;
        table[9] = 0;
        WriteFixed(table.Slice(10, 6), header.OemId, "OEM ID");
        WriteFixed(table.Slice(16, 8), header.OemTableId, "OEM table ID");
        BinaryPrimitives.WriteUInt32LittleEndian(table[24..], header.OemRevision);
        WriteFixed(table.Slice(28, 4), header.CreatorId, "creator ID");
        BinaryPrimitives.WriteUInt32LittleEndian(table[32..], header.CreatorRevision);
    }

    /// <summary>Sets the checksum byte: the header's kept (wrong) value, or the one that makes the table sum to zero.</summary>
    public static void Seal(Span<byte> table, byte? keptChecksum)
    {
        table[9] = 0;
        table[9] = keptChecksum ?? (byte)(0 - Sum(table));
    }

    /// <summary>Bytes as characters one for one (ISO-8859-1), so any byte value survives a round trip.</summary>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>The bytes of a field read with <see cref="Latin1(ReadOnlySpan{byte})"/>.</summary>
    public static byte[] Latin1Bytes(string field) => Encoding.Latin1.GetBytes(field);

    /// <summary>A fixed-width text field: shorter text is padded with NULs, longer text is an error.</summary>
    public static void WriteFixed(Span<byte> field, string text, string what)
    {
        if (text.Length > field.Length)
            throw new ArgumentException($"{what} \"{text}\" is longer than {field.Length} characters");
        field.Clear();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xff) throw new ArgumentException($"{what} \"{text}\" holds a character that is not a single byte");
            field[i] = (byte)text[i];
        }
    }

    /// <summary>Text with control and non-ASCII characters shown as \xNN, for messages.</summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
            if (c is >= ' ' and < (char)0x7f) sb.Append(c);
            else sb.Append($"\\x{(int)c:x2}");
        return sb.ToString();
    }
}
