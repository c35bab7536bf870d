using System.Buffers.Binary;
using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The raw bytes of one ACPI table as the kernel sees them in memory. The table's own Length field (offset 4)
/// bounds the walk, but handlers may read past it (the kernel dispatches an entry before checking its length
/// against the table end, and then reads whatever memory follows the table). bootemu reads every byte past
/// Length, or past the bytes supplied, as zero and remembers the first such read so the caller can flag it.
/// </summary>
internal sealed class AcpiTableBytes
{
    private readonly ReadOnlyMemory<byte> _bytes;

    public AcpiTableBytes(ReadOnlyMemory<byte> bytes, string signature)
    {
        _bytes = bytes;
        var span = bytes.Span;
        if (span.Length < AcpiTableHeader.Size)
            throw InputException.AtOffset(span.Length, $"{signature} table truncated: {span.Length} bytes, the ACPI table header alone needs {AcpiTableHeader.Size}");
        for (int i = 0; i < 4; i++)
        {
            if (span[i] != signature[i])
                throw InputException.AtOffset(0, $"not an {signature} table: signature is \"{System.Text.Encoding.ASCII.GetString(span[..4])}\"");
        }
        Signature = signature;
        Length = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(AcpiTableHeader.LengthOffset, 4));
        Revision = span[AcpiTableHeader.RevisionOffset];
    }

    public string Signature { get; }

    /// <summary>The header's Length field: where the kernel believes the table ends.</summary>
    public uint Length { get; }

    public byte Revision { get; }

    /// <summary>How many bytes the caller actually supplied.</summary>
    public int Available => _bytes.Length;

    /// <summary>The first offset read at or past the end (Length, or the bytes supplied when fewer), if any was.</summary>
    public long? FirstReadPastEnd { get; private set; }

    /// <summary>The end of what is really the table: Length, or fewer when the bytes supplied stop earlier.</summary>
    public long End => Math.Min(Length, (long)_bytes.Length);

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>, which the caller has checked lie before <see cref="End"/>.</summary>
    public ReadOnlySpan<byte> Within(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > End)
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, {offset + length}) is not inside the table's {End} bytes");
        return _bytes.Span.Slice((int)offset, (int)length);
    }

    public byte U8(long offset)
    {
        if (offset < End)
            return _bytes.Span[(int)offset];
        FirstReadPastEnd ??= offset;
        return 0;
    }

    public ushort U16(long offset) => (ushort)(U8(offset) | (U8(offset + 1) << 8));

    public uint U32(long offset) => U16(offset) | ((uint)U16(offset + 2) << 16);

    public ulong U64(long offset) => U32(offset) | ((ulong)U32(offset + 4) << 32);
}
