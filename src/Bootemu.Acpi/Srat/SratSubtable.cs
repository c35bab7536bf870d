using System.Collections.Immutable;

namespace Bootemu.Acpi.Srat;

/// <summary>The subtable types of ACPI 6.5 §5.2.16 plus ACPI 6.6's RISC-V RINTC affinity.</summary>
public enum SratSubtableType : byte
{
    ProcessorApicAffinity = 0,
    MemoryAffinity = 1,
    ProcessorX2ApicAffinity = 2,
    GiccAffinity = 3,
    GicItsAffinity = 4,
    GenericInitiatorAffinity = 5,
    GenericPortAffinity = 6,
    RintcAffinity = 7,
}

/// <summary>
/// One SRAT subtable (ACPICA's <c>struct acpi_subtable_header</c> plus its body). Every subtable starts with a
/// type byte and a length byte; <see cref="Extra"/> keeps bytes a table declares beyond the structure of its
/// type, so a table is always written back exactly.
/// </summary>
public abstract record SratSubtable
{
    /// <summary>The type byte.</summary>
    public abstract SratSubtableType Type { get; }

    /// <summary>Bytes the structure of this type occupies (the minimum length the type needs).</summary>
    public abstract int StructureLength { get; }

    /// <summary>Byte offset of the subtable in its table (assigned by the reader, or by layout when built).</summary>
    public int Offset { get; init; }

    /// <summary>Bytes after the structure that the declared length covers (normally none).</summary>
    public ImmutableArray<byte> Extra { get; init; } = ImmutableArray<byte>.Empty;

    /// <summary>The length byte: the structure plus <see cref="Extra"/>.</summary>
    public int DeclaredLength => StructureLength + Extra.Length;

    /// <summary>The proximity domain the entry names, for types that have one.</summary>
    public virtual uint? Domain => null;

    /// <summary>Writes the structure (type and length bytes included) into a span of <see cref="StructureLength"/> bytes.</summary>
    internal abstract void WriteStructure(Span<byte> structure);

    /// <summary>A short human name of the type, as iasl names it.</summary>
    public static string TypeName(byte type) => type switch
    {
        0 => "Processor Local APIC/SAPIC Affinity",
        1 => "Memory Affinity",
        2 => "Processor Local x2APIC Affinity",
        3 => "GICC Affinity",
        4 => "GIC ITS Affinity",
        5 => "Generic Initiator Affinity",
        6 => "Generic Port Affinity",
        7 => "RINTC Affinity",
        _ => "Unknown Subtable Type",
    };

    /// <summary>Bytes a subtable of <paramref name="type"/> needs at least; 2 (just the header) for unknown types.</summary>
    public static int RequiredLength(byte type) => type switch
    {
        0 => ProcessorApicAffinity.Size,
        1 => MemoryAffinity.Size,
        2 => ProcessorX2ApicAffinity.Size,
        3 => GiccAffinity.Size,
        4 => GicItsAffinity.Size,
        5 or 6 => GenericAffinity.Size,
        7 => RintcAffinity.Size,
        _ => 2,
    };
}

/// <summary>Flag bits of the processor entries (types 0, 2, 3 and 7): only Enabled is defined.</summary>
[Flags]
public enum ProcessorAffinityFlags : uint
{
    None = 0,
    Enabled = 1,
}

/// <summary>Flag bits of a memory affinity entry.</summary>
[Flags]
public enum MemoryAffinityFlags : uint
{
    None = 0,
    Enabled = 1,
    HotPluggable = 2,
    NonVolatile = 4,
    /// <summary>ACPI 6.6: the range is specific-purpose memory.</summary>
    SpecificPurpose = 8,
}

/// <summary>Flag bits of generic initiator and generic port entries.</summary>
[Flags]
public enum GenericAffinityFlags : uint
{
    None = 0,
    Enabled = 1,
    /// <summary>ACPI 6.4: the initiator supports architectural transactions.</summary>
    ArchitecturalTransactions = 2,
}
