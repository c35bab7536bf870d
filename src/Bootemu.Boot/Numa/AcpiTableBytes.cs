using System.Buffers.Binary;
using Bootemu.Core;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The raw bytes of one ACPI table as the kernel sees them in memory. The table's own Length field (offset 4)
/// bounds the walk, but handlers may read past it (the kernel dispatches an entry before checking its length
/// against the table end): such bytes are taken from the buffer when it holds them and read as zero beyond it,
/// and every read past Length is remembered so the caller can flag it.
/// </summary>
internal sealed class AcpiTableBytes
{
    /// <summary>sizeof(struct acpi_table_header).</summary>
    public const int HeaderLength = 36;

    private readonly ReadOnlyMemory<byte> _bytes;

    public AcpiTableBytes(ReadOnlyMemory<byte> bytes, string signature)
    {
        _bytes = bytes;
        var span = bytes.Span;
        if (span.Length < HeaderLength)
            throw InputException.AtOffset(span.Length, $"{signature} table truncated: {span.Length} bytes, the ACPI table header alone needs {HeaderLength}");
        for (int i = 0; i < 4; i++)
        {
            if (span[i] != signature[i])
                throw InputException.AtOffset(0, $"not an {signature} table: signature is \"{System.Text.Encoding.ASCII.GetString(span[..4])}\"");
        }
        Signature = signature;
        Length = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(4, 4));
        Revision = span[8];
    }

    public string Signature { get; }

    /// <summary>The header's Length field: where the kernel believes the table ends.</summary>
    public uint Length { get; }

    public byte Revision { get; }

    /// <summary>How many bytes the caller actually supplied.</summary>
    public int Available => _bytes.Length;

    /// <summary>The lowest offset at or past Length that a handler read, if any did.</summary>
    public long? FirstReadPastLength { get; private set; }

    public byte U8(long offset)
    {
        Touch(offset, 1);
        return offset < _bytes.Length ? _bytes.Span[(int)offset] : (byte)0;
    }

    public ushort U16(long offset) => (ushort)(U8(offset) | (U8(offset + 1) << 8));

    public uint U32(long offset) => U16(offset) | ((uint)U16(offset + 2) << 16);

    public ulong U64(long offset) => U32(offset) | ((ulong)U32(offset + 4) << 32);

    private void Touch(long offset, int size)
    {
        if (offset + size > Length && FirstReadPastLength is null)
            FirstReadPastLength = Math.Max(offset, Length);
    }
}
