using System.Collections.Immutable;
using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// The System Resource Affinity Table (ACPI 6.5 §5.2.16, ACPICA's <c>struct acpi_table_srat</c>): the header, the
/// 12 bytes the spec calls table revision (u32, "must be 1") and reserved (u64), then subtables in table order.
/// The kernel ignores those 12 bytes; they are kept so the table is written back exactly.
/// </summary>
public sealed record Srat(AcpiTableHeader Header, uint TableRevision, ulong Reserved, ImmutableArray<SratSubtable> Subtables)
{
    public const string Signature = "SRAT";

    /// <summary>Header plus table revision and reserved: where the first subtable starts.</summary>
    public const int HeaderSize = SratLayout.HeaderSize;

    /// <summary>Decodes a table strictly: anything that cannot be read exactly is an <see cref="Bootemu.Core.InputException"/> with its byte offset.</summary>
    public static Srat Decode(ReadOnlySpan<byte> data) => SratReader.Read(data).Table;

    /// <summary>The exact bytes of the table, with Length and checksum computed.</summary>
    public byte[] Encode() => SratWriter.Write(this);

    /// <summary>
    /// The bytes from where the subtable walk stopped to the table end, kept as they are so the table is written
    /// back exactly: what follows a subtable of length 0 or 1 (the kernel's walk ends or goes astray there), a
    /// subtable running past the table end, or stray bytes too few for a subtable header. Empty when the walk
    /// reaches the end, as in a well-formed table. Firmware that sizes the table for more entries than it fills
    /// leaves zeros here, which read as a zero-length subtable.
    /// </summary>
    public ImmutableArray<byte> Undecoded { get; init; } = ImmutableArray<byte>.Empty;

    /// <summary>Where <see cref="Undecoded"/> begins: right after the last subtable.</summary>
    public int UndecodedOffset
    {
        get
        {
            int offset = HeaderSize;
            foreach (var s in Subtables) offset += s.DeclaredLength;
            return offset;
        }
    }

    /// <summary>Why the walk stops at <see cref="UndecodedOffset"/>; null when nothing is left undecoded.</summary>
    public string? UndecodedReason => Undecoded.IsEmpty ? null : SratWalk.StopsAt(Undecoded.AsSpan(), UndecodedOffset)?.Message;

    /// <summary>The memory affinity entries, in table order.</summary>
    public IEnumerable<MemoryAffinity> MemoryAffinities => Subtables.OfType<MemoryAffinity>();

    /// <summary>
    /// A table from a header and subtables laid out one after the other from offset 48 (each subtable's
    /// <see cref="SratSubtable.Offset"/> is set to where it will be written).
    /// </summary>
    public static Srat Create(AcpiTableHeader header, uint tableRevision, ulong reserved, IEnumerable<SratSubtable> subtables)
    {
        var laid = ImmutableArray.CreateBuilder<SratSubtable>();
        int offset = HeaderSize;
        foreach (var subtable in subtables)
        {
            laid.Add(subtable with { Offset = offset });
            offset += subtable.DeclaredLength;
        }
        return new Srat(header with { Length = (uint)offset }, tableRevision, reserved, laid.ToImmutable());
    }
}
