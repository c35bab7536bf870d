using L = Bootemu.Acpi.Srat.SratLayout.GiccAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 3, GICC Affinity (18 bytes, Arm). On x86 the kernel matches it and does nothing.</summary>
public sealed record GiccAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.GiccAffinity;

    public uint ProximityDomain { get; init; }
    public uint AcpiProcessorUid { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;
}
