using System.Buffers.Binary;
using System.Collections.Immutable;
using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Reads SRAT bytes into a <see cref="Srat"/>. <see cref="Read"/> is strict (for decode): a table that cannot be
/// represented exactly is an error naming its byte offset. <see cref="ReadLenient"/> reads as far as the kernel's
/// walker would (<see cref="SratWalk"/>) and reports the structural problems as findings instead.
/// Both keep the bytes after a place the walk cannot pass as <see cref="Srat.Undecoded"/>, with a finding there.
/// Only a missing or unreadable 36-byte header stops both.
/// </summary>
public static class SratReader
{
    /// <summary>
    /// Strict read. The diagnostics it returns are a checksum mismatch (the kernel only warns about it) and where
    /// the subtable walk stops short of the table end (the table then has <see cref="Srat.Undecoded"/> bytes).
    /// </summary>
    public static AcpiReadResult<Srat> Read(ReadOnlySpan<byte> data) => ReadCore(data, strict: true);

    /// <summary>Reads whatever can be read; structural problems become warnings instead of errors.</summary>
    public static AcpiReadResult<Srat> ReadLenient(ReadOnlySpan<byte> data) => ReadCore(data, strict: false);

    /// <summary>
    /// The header and the table bytes to walk (at most Length of them). A table whose Length does not even cover the
    /// 48-byte SRAT header is an error when strict; leniently it is read as a table without subtables.
    /// </summary>
    internal static (AcpiTableHeader Header, uint TableRevision, ulong Reserved, int TableLength) ReadSratHeader(
        ReadOnlySpan<byte> data, List<AcpiDiagnostic> findings, bool strict)
    {
        var (header, tableLength) = AcpiTableCodec.ReadHeader(data, Srat.Signature, Srat.HeaderSize, findings, strict);
        if (tableLength < Srat.HeaderSize && strict)
            throw InputException.AtOffset(AcpiTableHeader.LengthOffset, $"Length field is {tableLength}, smaller than the {Srat.HeaderSize}-byte SRAT header (table revision and reserved bytes missing)");
        Span<byte> fields = stackalloc byte[Srat.HeaderSize - SratLayout.TableRevision];
        if (tableLength > SratLayout.TableRevision)
            data[SratLayout.TableRevision..Math.Min(tableLength, Srat.HeaderSize)].CopyTo(fields);
        return (header, BinaryPrimitives.ReadUInt32LittleEndian(fields),
            BinaryPrimitives.ReadUInt64LittleEndian(fields[(SratLayout.Reserved - SratLayout.TableRevision)..]), tableLength);
    }

    private static AcpiReadResult<Srat> ReadCore(ReadOnlySpan<byte> data, bool strict)
    {
        var findings = new List<AcpiDiagnostic>();
        var (header, tableRevision, reserved, tableLength) = ReadSratHeader(data, findings, strict);
        var table = data[..tableLength];
        var subtables = ImmutableArray.CreateBuilder<SratSubtable>(SratWalk.Count(table));
        var undecoded = ImmutableArray<byte>.Empty;
        foreach (var step in new SratWalk(table))
        {
            if (step.Subtable is null)
            {
                // Where the walk stops, the rest of the table is kept as bytes: iasl -d lists it raw too, and the
                // kernel has used the subtables before it.
                undecoded = ImmutableArray.Create(table[step.Offset..]);
                findings.Add(new AcpiDiagnostic(step.Problem!.Value.Id, step.Offset, $"{step.Problem}; the {table.Length - step.Offset} byte(s) from here to the table end are kept undecoded"));
                break;
            }
            if (step.Problem is { } problem)
            {
                if (strict) throw InputException.AtOffset(step.Offset, problem.Message);
                findings.Add(new AcpiDiagnostic(problem.Id, step.Offset, problem.Message));
            }
            subtables.Add(step.Subtable);
        }
        var srat = new Srat(header, tableRevision, reserved,
            subtables.Count == subtables.Capacity ? subtables.MoveToImmutable() : subtables.ToImmutable())
        {
            Undecoded = undecoded,
        };
        return new AcpiReadResult<Srat>(srat, findings);
    }
}
