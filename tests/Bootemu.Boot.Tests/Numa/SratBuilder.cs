using System.Buffers.Binary;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// Hand-made SRATs and SLITs laid out as ACPI 6.x (and the docs/linux-6.1-boot-memory.md §1.1/§1.2) defines them, including
/// deliberately broken ones (wrong lengths, zero lengths, a Length field that disagrees with the bytes).
/// </summary>
internal sealed class SratBuilder
{
    private readonly List<byte[]> _subtables = new();

    public byte Revision { get; init; } = 3;

    /// <summary>Type 0, Processor Local APIC Affinity: 16 bytes; PXM bits 8..31 at +9..+11.</summary>
    public SratBuilder Cpu(uint pxm, byte apicId, bool enabled = true, byte length = 16)
    {
        var b = new byte[16];
        b[0] = 0; b[1] = length; b[2] = (byte)pxm; b[3] = apicId;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), enabled ? 1u : 0u);
        b[9] = (byte)(pxm >> 8); b[10] = (byte)(pxm >> 16); b[11] = (byte)(pxm >> 24);
        return Add(b, length);
    }

    /// <summary>Type 2, Processor Local x2APIC Affinity: 24 bytes.</summary>
    public SratBuilder X2Apic(uint pxm, uint apicId, bool enabled = true, byte length = 24)
    {
        var b = new byte[24];
        b[0] = 2; b[1] = length;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), pxm);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), apicId);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), enabled ? 1u : 0u);
        return Add(b, length);
    }

    /// <summary>Type 1, Memory Affinity: 40 bytes; flags bit 0 Enabled, bit 1 Hot-pluggable, bit 2 Non-volatile.</summary>
    public SratBuilder Memory(uint pxm, ulong @base, ulong size, bool enabled = true, bool hotplug = false, bool nonVolatile = false, byte length = 40)
    {
        var b = new byte[40];
        b[0] = 1; b[1] = length;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(2), pxm);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), @base);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), size);
        uint flags = (enabled ? 1u : 0) | (hotplug ? 2u : 0) | (nonVolatile ? 4u : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), flags);
        return Add(b, length);
    }

    /// <summary>Type 5, Generic Initiator Affinity: 32 bytes, PCI device handle.</summary>
    public SratBuilder GenericInitiator(uint pxm, bool enabled = true)
    {
        var b = new byte[32];
        b[0] = 5; b[1] = 32; b[3] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), pxm);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), enabled ? 1u : 0u);
        return Add(b, 32);
    }

    /// <summary>Any bytes as they are (an unknown type, a zero-length header, trailing garbage).</summary>
    public SratBuilder Raw(params byte[] bytes)
    {
        _subtables.Add(bytes);
        return this;
    }

    /// <summary>The table; <paramref name="length"/> overrides the header's Length field.</summary>
    public byte[] Build(uint? length = null)
    {
        int total = 48 + _subtables.Sum(s => s.Length);
        var table = new byte[total];
        "SRAT"u8.CopyTo(table);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), length ?? (uint)total);
        table[8] = Revision;
        "BOOTEM"u8.CopyTo(table.AsSpan(10));
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(36), 1);
        int at = 48;
        foreach (var s in _subtables)
        {
            s.CopyTo(table, at);
            at += s.Length;
        }
        byte sum = 0;
        foreach (byte x in table) sum += x;
        table[9] = (byte)(0 - sum);
        return table;
    }

    /// <summary>A SLIT with the given row-major distance matrix.</summary>
    public static byte[] Slit(params byte[][] rows)
    {
        int n = rows.Length;
        var table = new byte[44 + n * n];
        "SLIT"u8.CopyTo(table);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)table.Length);
        table[8] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(36), (ulong)n);
        for (int i = 0; i < n; i++)
            rows[i].CopyTo(table, 44 + i * n);
        return table;
    }

    private SratBuilder Add(byte[] full, byte length)
    {
        // A declared length below the structure size makes the walk step by the declared length, so only that
        // many bytes belong to this entry; a larger one is padded with zeros.
        if (length == 0)
            return Raw(full);
        var b = new byte[length];
        Array.Copy(full, b, Math.Min(full.Length, b.Length));
        return Raw(b);
    }
}
