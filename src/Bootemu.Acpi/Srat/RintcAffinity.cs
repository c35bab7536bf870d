using System.Buffers.Binary;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 7, RISC-V RINTC Affinity (20 bytes, ACPI 6.6). Linux 6.1 on x86 skips it as a reserved type.</summary>
public sealed record RintcAffinity : SratSubtable
{
    public const int Size = 20;

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
        Reserved = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]),
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        AcpiProcessorUid = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[12..]),
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], ProximityDomain);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], AcpiProcessorUid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], ClockDomain);
    }
}
