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

    /// <summary>How the type is laid out and shown; null for a subtable kept as raw bytes (<see cref="UnknownSubtable"/>).</summary>
    public virtual SratSubtableDescription? Description => SratSubtableDescriptions.Of((byte)Type);

    /// <summary>Bytes the structure of this type occupies (the minimum length the type needs).</summary>
    public virtual int StructureLength => Description!.Size;

    /// <summary>Byte offset of the subtable in its table (assigned by the reader, or by layout when built).</summary>
    public int Offset { get; init; }

    /// <summary>Bytes after the structure that the declared length covers (normally none).</summary>
    public ImmutableArray<byte> Extra { get; init; } = ImmutableArray<byte>.Empty;

    /// <summary>The length byte: the structure plus <see cref="Extra"/>.</summary>
    public int DeclaredLength => StructureLength + Extra.Length;

    /// <summary>The proximity domain the entry names, for types that have one.</summary>
    public virtual uint? Domain => null;

    /// <summary>Writes the structure's fields into a span of <see cref="StructureLength"/> bytes (the type and length bytes are the caller's).</summary>
    internal virtual void WriteStructure(Span<byte> structure) => Description!.Write(this, structure);

    /// <summary>A short human name of the type, as iasl names it.</summary>
    public static string TypeName(byte type) => SratSubtableDescriptions.Of(type)?.IaslName ?? "Unknown Subtable Type";

    /// <summary>Bytes a subtable of <paramref name="type"/> needs at least; 2 (just the header) for unknown types.</summary>
    public static int RequiredLength(byte type) => SratSubtableDescriptions.Of(type)?.Size ?? SratLayout.Subtable.HeaderSize;
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
