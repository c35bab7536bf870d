using System.Buffers.Binary;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 4, GIC ITS Affinity (12 bytes, Arm). The x86 kernel skips it.</summary>
public sealed record GicItsAffinity : SratSubtable
{
    public const int Size = 12;

    public override SratSubtableType Type => SratSubtableType.GicItsAffinity;
    public override int StructureLength => Size;

    public uint ProximityDomain { get; init; }
    public ushort Reserved { get; init; }
    public uint ItsId { get; init; }

    public override uint? Domain => ProximityDomain;

    internal static GicItsAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[2..]),
        Reserved = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]),
        ItsId = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[2..], ProximityDomain);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], ItsId);
    }
}
