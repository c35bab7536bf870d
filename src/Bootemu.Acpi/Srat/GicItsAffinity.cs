using L = Bootemu.Acpi.Srat.SratLayout.GicItsAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 4, GIC ITS Affinity (12 bytes, Arm). The x86 kernel skips it.</summary>
public sealed record GicItsAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.GicItsAffinity;

    public uint ProximityDomain { get; init; }
    public ushort Reserved { get; init; }
    public uint ItsId { get; init; }

    public override uint? Domain => ProximityDomain;
}
