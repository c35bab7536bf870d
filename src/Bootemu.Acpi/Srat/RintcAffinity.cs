using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.RintcAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 7, RISC-V RINTC Affinity (20 bytes, ACPI 6.6). Linux 6.1 on x86 skips it as a reserved type.</summary>
public sealed record RintcAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.RintcAffinity;
    public override int StructureLength => Size;

    public ushort Reserved { get; init; }
    public uint ProximityDomain { get; init; }
    public uint AcpiProcessorUid { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;

    internal static RintcAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        Reserved = BinaryPrimitives.ReadUInt16LittleEndian(s[L.Reserved..]),
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ProximityDomain..]),
        AcpiProcessorUid = BinaryPrimitives.ReadUInt32LittleEndian(s[L.AcpiProcessorUid..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[L.Flags..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ClockDomain..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[L.Reserved..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ProximityDomain..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.AcpiProcessorUid..], AcpiProcessorUid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.Flags..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ClockDomain..], ClockDomain);
    }
}
