using L = Bootemu.Acpi.Srat.SratLayout.MemoryAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Type 1, Memory Affinity (40 bytes): a physical range and the proximity domain it belongs to. The kernel
/// (<c>acpi_numa_memory_affinity_init</c>) masks the domain to 8 bits when the SRAT revision is 1 or less.
/// </summary>
public sealed record MemoryAffinity : SratSubtable
{
    public const int Size = L.Size;

    public override SratSubtableType Type => SratSubtableType.MemoryAffinity;

    public uint ProximityDomain { get; init; }
    public ushort Reserved1 { get; init; }
    public ulong BaseAddress { get; init; }
    public ulong Length { get; init; }
    public uint Reserved2 { get; init; }
    public MemoryAffinityFlags Flags { get; init; }
    public ulong Reserved3 { get; init; }

    public bool Enabled => (Flags & MemoryAffinityFlags.Enabled) != 0;
    public bool HotPluggable => (Flags & MemoryAffinityFlags.HotPluggable) != 0;
    public bool NonVolatile => (Flags & MemoryAffinityFlags.NonVolatile) != 0;
    public bool SpecificPurpose => (Flags & MemoryAffinityFlags.SpecificPurpose) != 0;
    public override uint? Domain => ProximityDomain;

    /// <summary>True when base + length goes past 2^64.</summary>
    public bool Wraps => Length != 0 && BaseAddress + (Length - 1) < BaseAddress;

    /// <summary>The domain as the kernel reads it: only the low byte when the SRAT revision is 1 or less.</summary>
    public uint KernelDomain(byte sratRevision) => sratRevision <= 1 ? ProximityDomain & 0xff : ProximityDomain;
}
