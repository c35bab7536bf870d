using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.GicItsAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 4, GIC ITS Affinity (12 bytes, Arm). The x86 kernel skips it.</summary>
public sealed record GicItsAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.GicItsAffinity;
    public override int StructureLength => Size;

    public uint ProximityDomain { get; init; }
    public ushort Reserved { get; init; }
    public uint ItsId { get; init; }

    public override uint? Domain => ProximityDomain;

    internal static GicItsAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        ProximityDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ProximityDomain..]),
        Reserved = BinaryPrimitives.ReadUInt16LittleEndian(s[L.Reserved..]),
        ItsId = BinaryPrimitives.ReadUInt32LittleEndian(s[L.ItsId..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ProximityDomain..], ProximityDomain);
        BinaryPrimitives.WriteUInt16LittleEndian(s[L.Reserved..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(s[L.ItsId..], ItsId);
    }
}
