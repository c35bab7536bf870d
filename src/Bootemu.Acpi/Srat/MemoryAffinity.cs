using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.MemoryAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Type 1, Memory Affinity (40 bytes): a physical range and the proximity domain it belongs to. The kernel
/// (<c>acpi_numa_memory_affinity_init</c>) masks the domain to 8 bits when the SRAT revision is 1 or less.
/// </summary>
public sealed record MemoryAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.MemoryAffinity;
    public override int StructureLength => Size;

    public uint ProximityDomain { get; init; }
    public ushort Reserved1 { get; init; }
    public ulong BaseAddress { get; init; }
    public ulong Length { get; init; }
    public uint Reserved2 { get; init; }
    public MemoryAffinityFlags Flags { get; init; }
    public ulong Reserved3 { get; init; }

    public bool Enabled => (Flags & MemoryAffinityFlags.Enabled) != 0;
    public bool HotPluggable => (Flags & MemoryAffinityFlags.HotPluggable) != 0;
    public bool NonVolatile => (Flags & MemoryAffinityFlags.NonVolatile) != 0;
    public bool SpecificPurpose => (Flags & MemoryAffinityFlags.SpecificPurpose) != 0;
    public override uint? Domain => ProximityDomain;

    /// <summary>True when base + length goes past 2^64.</summary>
    public bool Wraps => Length != 0 && BaseAddress + (Length - 1) < BaseAddress;

    /// <summary>The domain as the kernel reads it: only the low byte when the SRAT revision is 1 or less.</summary>
    public uint KernelDomain(byte sratRevision) => sratRevision <= 1 ? ProximityDomain & 0xff : ProximityDomain;

    internal static MemoryAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ProximityDomain..]),
        Reserved1 = BinaryPrimitives.ReadUInt16LittleEndian(s[L.Reserved1..]),
        BaseAddress = BinaryPrimitives.ReadUInt64LittleEndian(s[L.BaseAddress..]),
        Length = BinaryPrimitives.ReadUInt64LittleEndian(s[L.Length..]),
        Reserved2 = BinaryPrimitives.ReadUInt32LittleEndian(s[L.Reserved2..]),
        Flags = (MemoryAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[L.Flags..]),
        Reserved3 = BinaryPrimitives.ReadUInt64LittleEndian(s[L.Reserved3..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ProximityDomain..], ProximityDomain);
        BinaryPrimitives.WriteUInt16LittleEndian(s[L.Reserved1..], Reserved1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[L.BaseAddress..], BaseAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(s[L.Length..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Reserved2..], Reserved2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Flags..], (uint)Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(s[L.Reserved3..], Reserved3);
    }
}
