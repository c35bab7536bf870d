using System.Buffers.Binary;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 2, Processor Local x2APIC Affinity (24 bytes); the kernel handler is <c>acpi_numa_x2apic_affinity_init</c>.</summary>
public sealed record ProcessorX2ApicAffinity : SratSubtable
{
    public const int Size = 24;

    public override SratSubtableType Type => SratSubtableType.ProcessorX2ApicAffinity;
    public override int StructureLength => Size;

    public ushort Reserved1 { get; init; }
    public uint ProximityDomain { get; init; }
    public uint X2ApicId { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }
    public uint Reserved2 { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;

    internal static ProcessorX2ApicAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        Reserved1 = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]),
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        X2ApicId = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[12..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]),
        Reserved2 = BinaryPrimitives.ReadUInt32LittleEndian(s[20..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], Reserved1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], X2ApicId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], ClockDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], Reserved2);
    }
}
