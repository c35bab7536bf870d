using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.ProcessorX2ApicAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 2, Processor Local x2APIC Affinity (24 bytes); the kernel handler is <c>acpi_numa_x2apic_affinity_init</c>.</summary>
public sealed record ProcessorX2ApicAffinity : SratSubtable
{
    public const int Size = L.Size;

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
        Reserved1 = BinaryPrimitives.ReadUInt16LittleEndian(s[L.Reserved1..]),
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ProximityDomain..]),
        X2ApicId = BinaryPrimitives.ReadUInt32LittleEndian(s[L.X2ApicId..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[L.Flags..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ClockDomain..]),
        Reserved2 = BinaryPrimitives.ReadUInt32LittleEndian(s[L.Reserved2..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[L.Reserved1..], Reserved1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ProximityDomain..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.X2ApicId..], X2ApicId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Flags..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ClockDomain..], ClockDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Reserved2..], Reserved2);
    }
}
