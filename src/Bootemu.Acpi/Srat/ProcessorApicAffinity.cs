using L = Bootemu.Acpi.Srat.SratLayout.ProcessorApicAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Type 0, Processor Local APIC/SAPIC Affinity (16 bytes). The proximity domain is split: its low byte at +2 and
/// bits 8..31 at +9..+11. The kernel (<c>acpi_numa_processor_affinity_init</c>) reads the high part only when the
/// SRAT revision is 2 or more, and wants the length to be exactly 16.
/// </summary>
public sealed record ProcessorApicAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.ProcessorApicAffinity;

    /// <summary>The whole 32-bit domain: the low byte plus the 24 high bits.</summary>
    public uint ProximityDomain { get; init; }
    public byte ApicId { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public byte LocalSapicEid { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;

    /// <summary>The domain as the kernel reads it: only the low byte before SRAT revision 2.</summary>
    public uint KernelDomain(byte sratRevision) => sratRevision >= 2 ? ProximityDomain : ProximityDomain & 0xff;
}
