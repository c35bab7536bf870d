using L = Bootemu.Acpi.Srat.SratLayout.RintcAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>Type 7, RISC-V RINTC Affinity (20 bytes, ACPI 6.6). Linux 6.1 on x86 skips it as a reserved type.</summary>
public sealed record RintcAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.RintcAffinity;

    public ushort Reserved { get; init; }
    public uint ProximityDomain { get; init; }
    public uint AcpiProcessorUid { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;
}
