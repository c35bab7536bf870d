using L = Bootemu.Acpi.Srat.SratLayout.ProcessorX2ApicAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 2, Processor Local x2APIC Affinity (24 bytes); the kernel handler is <c>acpi_numa_x2apic_affinity_init</c>.</summary>
public sealed record ProcessorX2ApicAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.ProcessorX2ApicAffinity;

    public ushort Reserved1 { get; init; }
    public uint ProximityDomain { get; init; }
    public uint X2ApicId { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }
    public uint Reserved2 { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;
}
