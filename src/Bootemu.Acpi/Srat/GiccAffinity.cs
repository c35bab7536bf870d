using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.GiccAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 3, GICC Affinity (18 bytes, Arm). On x86 the kernel matches it and does nothing.</summary>
public sealed record GiccAffinity : SratSubtable
{
    public const int Size = L.Size;

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
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ProximityDomain..]),
        AcpiProcessorUid = BinaryPrimitives.ReadUInt32LittleEndian(s[L.AcpiProcessorUid..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[L.Flags..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ClockDomain..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ProximityDomain..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.AcpiProcessorUid..], AcpiProcessorUid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Flags..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ClockDomain..], ClockDomain);
    }
}
