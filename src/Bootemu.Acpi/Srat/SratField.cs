using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// What a subtable field holds, which decides how each form shows it: the YAML and JSON writers and the YAML reader
/// switch on the kind, never on the subtable type.
/// </summary>
public enum SratFieldKind
{
    /// <summary>The proximity domain: decimal in YAML, a number in JSON.</summary>
    ProximityDomain,
    /// <summary>An id (APIC, x2APIC, processor UID, ITS): hex, always written.</summary>
    Id,
    /// <summary>An address or a size in bytes: hex, always written.</summary>
    Address,
    /// <summary>A flag word: one boolean per named bit, the rest as <c>other_flags</c>.</summary>
    Flags,
    /// <summary>The clock domain: a number in JSON, in YAML only when non-zero.</summary>
    ClockDomain,
    /// <summary>A field firmware rarely sets (the local SAPIC EID): hex, in YAML only when non-zero.</summary>
    Optional,
    /// <summary>A reserved field (must be 0): hex, in YAML only when non-zero; the checker warns when it is set.</summary>
    Reserved,
    /// <summary>The device handle type byte, shown together with the <see cref="DeviceHandle"/> it says how to read.</summary>
    DeviceHandleType,
    /// <summary>The 16-byte device handle of a generic initiator or port.</summary>
    DeviceHandle,
}

/// <summary>
/// A run of bytes holding (part of) a field. Most fields are one part; the APIC entry's proximity domain is two
/// (its low byte at +2 and its 24 high bits at +9), and iasl lists each part on its own line.
/// </summary>
/// <param name="Offset">from the subtable's type byte (a <see cref="SratLayout"/> constant).</param>
/// <param name="Width">bytes, 1 to 16.</param>
/// <param name="IaslLabel">the field name <c>iasl -d</c> prints for these bytes.</param>
/// <param name="GenericLabel">the name in the comment of bootemu's generic-operator listing, where it differs from iasl's.</param>
public sealed record SratFieldPart(int Offset, int Width, string IaslLabel, string? GenericLabel = null)
{
    public string CommentLabel => GenericLabel ?? IaslLabel;
}

/// <summary>A named bit of a flag word.</summary>
/// <param name="Key">the YAML and JSON key of the boolean.</param>
/// <param name="IaslLabel">the name iasl 20200925 lists the bit under; null when that iasl does not know the bit (it then drops it on compile).</param>
/// <param name="YamlOnlyWhenSet">true for bits added by later ACPI versions, which the YAML form names only when set.</param>
public sealed record SratFlagBit(string Key, uint Bit, string? IaslLabel, bool YamlOnlyWhenSet = false);

/// <summary>
/// One field of a subtable type, described once: where its bytes are, what it holds, what each form calls it, and
/// how to get it from and put it into the record (<see cref="Get"/>, <see cref="Set"/>). Values travel as
/// <see cref="UInt128"/> so that the 16-byte device handle is a field like any other.
/// </summary>
public sealed record SratField
{
    public required string Key { get; init; }

    /// <summary>The JSON key, where it differs from <see cref="Key"/> (memory's length, as "length" names the entry's).</summary>
    public string? JsonKeyOverride { get; init; }
    public string JsonKey => JsonKeyOverride ?? Key;

    public required SratFieldKind Kind { get; init; }
    public required ImmutableArray<SratFieldPart> Parts { get; init; }

    /// <summary>The named bits of a <see cref="SratFieldKind.Flags"/> field, in the order the forms list them.</summary>
    public ImmutableArray<SratFlagBit> Bits { get; init; } = ImmutableArray<SratFlagBit>.Empty;

    /// <summary>True when iasl 20200925's compiler writes zeros here whatever the listing says.</summary>
    public bool IaslZeroes { get; init; }

    public required Func<SratSubtable, UInt128> Get { get; init; }
    public required Func<SratSubtable, UInt128, SratSubtable> Set { get; init; }

    /// <summary>Where the field starts (its first part): the offset findings about it name.</summary>
    public int Offset => Parts[0].Offset;

    public int Width => Parts.Sum(p => p.Width);

    /// <summary>The largest value the field's bytes hold.</summary>
    public UInt128 Max => Width >= 16 ? UInt128.MaxValue : (UInt128.One << (8 * Width)) - 1;

    /// <summary>Every bit that has a name.</summary>
    public uint NamedBits => Bits.Aggregate(0u, (mask, b) => mask | b.Bit);

    /// <summary>The bits iasl 20200925 names; it cannot list the others.</summary>
    public uint IaslBits => Bits.Where(b => b.IaslLabel is not null).Aggregate(0u, (mask, b) => mask | b.Bit);

    /// <summary>The value from a subtable's bytes, its parts joined low part first.</summary>
    public UInt128 Read(ReadOnlySpan<byte> subtable)
    {
        UInt128 value = 0;
        int shift = 0;
        foreach (var part in Parts)
        {
            value |= ReadLittleEndian(subtable.Slice(part.Offset, part.Width)) << shift;
            shift += 8 * part.Width;
        }
        return value;
    }

    public void Write(Span<byte> subtable, UInt128 value)
    {
        foreach (var part in Parts)
        {
            WriteLittleEndian(subtable.Slice(part.Offset, part.Width), value);
            value >>= 8 * part.Width;
        }
    }

    /// <summary>The share of <paramref name="value"/> that <paramref name="part"/> holds.</summary>
    public UInt128 PartValue(SratFieldPart part, UInt128 value)
    {
        foreach (var p in Parts)
        {
            if (p == part) break;
            value >>= 8 * p.Width;
        }
        return part.Width >= 16 ? value : value & ((UInt128.One << (8 * part.Width)) - 1);
    }

    private static UInt128 ReadLittleEndian(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        1 => bytes[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        16 => BinaryPrimitives.ReadUInt128LittleEndian(bytes),
        // Odd widths (the APIC entry's three high domain bytes) byte by byte.
        _ => ReadBytewise(bytes),
    };

    private static UInt128 ReadBytewise(ReadOnlySpan<byte> bytes)
    {
        UInt128 value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--) value = value << 8 | bytes[i];
        return value;
    }

    private static void WriteLittleEndian(Span<byte> bytes, UInt128 value)
    {
        switch (bytes.Length)
        {
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)value); break;
            case 16: BinaryPrimitives.WriteUInt128LittleEndian(bytes, value); break;
            default:
                for (int i = 0; i < bytes.Length; i++, value >>= 8) bytes[i] = (byte)value;
                break;
        }
    }
}
