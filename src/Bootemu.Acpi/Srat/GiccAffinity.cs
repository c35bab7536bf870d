using System.Buffers.Binary;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 3, GICC Affinity (18 bytes, Arm). On x86 the kernel matches it and does nothing.</summary>
public sealed record GiccAffinity : SratSubtable
{
    public const int Size = 18;

    public override SratSubtableType Type => SratSubtableType.GiccAffinity;
    public override int StructureLength => Size;

    public uint ProximityDomain { get; init; }
    public uint AcpiProcessorUid { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;

    internal static GiccAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[2..]),
        AcpiProcessorUid = BinaryPrimitives.ReadUInt32LittleEndian(s[6..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[10..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[14..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[2..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[6..], AcpiProcessorUid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[10..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[14..], ClockDomain);
    }
}
