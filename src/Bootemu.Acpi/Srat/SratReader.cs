using System.Buffers.Binary;
using System.Collections.Immutable;
using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Acpi.Srat;

/// <summary>The outcome of reading an SRAT: the table and what was noticed while reading it.</summary>
public sealed record SratReadResult(Srat Table, IReadOnlyList<AcpiDiagnostic> Diagnostics);

/// <summary>
/// Reads SRAT bytes. <see cref="Read"/> is strict (for decode): a table that cannot be represented exactly is an
/// error naming its byte offset. <see cref="ReadLenient"/> (for check) reads as far as the kernel's walker
/// (<c>acpi_parse_entries_array</c>) would and reports the structural problems as findings instead.
/// Only a missing or unreadable 36-byte header stops both.
/// </summary>
public static class SratReader
{
    /// <summary>Strict read. The only diagnostic it returns is a checksum mismatch (the kernel only warns about it).</summary>
    public static SratReadResult Read(ReadOnlySpan<byte> data) => ReadCore(data, strict: true);

    /// <summary>Reads whatever can be read; structural problems become warnings instead of errors.</summary>
    public static SratReadResult ReadLenient(ReadOnlySpan<byte> data) => ReadCore(data, strict: false);

    public static bool TryRead(ReadOnlySpan<byte> data, out Srat? srat, out string? error)
    {
        try
        {
            srat = Read(data).Table;
            error = null;
            return true;
        }
        catch (InputException e)
        {
            srat = null;
            error = e.OneLine;
            return false;
        }
    }

    private static SratReadResult ReadCore(ReadOnlySpan<byte> data, bool strict)
    {
        var findings = new List<AcpiDiagnostic>();
        var (header, tableLength) = AcpiTableCodec.ReadHeader(data, Srat.Signature, Srat.HeaderSize, strict ? null : findings);
        if (strict && findings.Count > 0) findings.Clear();
        if (strict && header.Checksum is byte wrong)
            findings.Add(new AcpiDiagnostic(9, AcpiSeverity.Warning,
                $"checksum is 0x{wrong:x2}, should be 0x{AcpiTableCodec.ExpectedChecksum(data[..tableLength]):x2} (the kernel warns and uses the table anyway)"));

        if (tableLength < Srat.HeaderSize)
        {
            if (strict)
                throw InputException.AtOffset(4, $"Length field is {tableLength}, smaller than the {Srat.HeaderSize}-byte SRAT header (table revision and reserved bytes missing)");
            Span<byte> padded = stackalloc byte[Srat.HeaderSize];
            data[..tableLength].CopyTo(padded);
            return new SratReadResult(new Srat(header, BinaryPrimitives.ReadUInt32LittleEndian(padded[36..]),
                BinaryPrimitives.ReadUInt64LittleEndian(padded[40..]), ImmutableArray<SratSubtable>.Empty), findings);
        }

        var table = data[..tableLength];
        var subtables = ImmutableArray.CreateBuilder<SratSubtable>(CountSubtables(table));
        int offset = Srat.HeaderSize;
        while (offset < table.Length)
        {
            var problem = Walk(table, offset, out SratSubtable? subtable);
            if (problem is not null)
            {
                if (strict) throw InputException.AtOffset(offset, problem);
                findings.Add(new AcpiDiagnostic(offset, AcpiSeverity.Warning, problem));
                if (subtable is null) break;
            }
            subtables.Add(subtable!);
            offset += subtable!.DeclaredLength;
        }
        var srat = new Srat(header, BinaryPrimitives.ReadUInt32LittleEndian(table[36..]),
            BinaryPrimitives.ReadUInt64LittleEndian(table[40..]),
            subtables.Count == subtables.Capacity ? subtables.MoveToImmutable() : subtables.ToImmutable());
        return new SratReadResult(srat, findings);
    }

    /// <summary>
    /// How many subtables the length bytes chain through before the end or a problem, so the list is allocated once
    /// at its final size (a large table would otherwise regrow it on the large-object heap several times).
    /// </summary>
    private static int CountSubtables(ReadOnlySpan<byte> table)
    {
        int count = 0;
        for (int offset = Srat.HeaderSize; offset + 2 <= table.Length && table[offset + 1] != 0; offset += table[offset + 1])
            count++;
        return count;
    }

    /// <summary>
    /// Reads the subtable at <paramref name="offset"/>. Returns a problem description, or null. With a problem the
    /// subtable is null when the walk cannot go on, or a raw <see cref="UnknownSubtable"/> when it can (a known
    /// type too short for its structure: the kernel advances by the declared length).
    /// </summary>
    private static string? Walk(ReadOnlySpan<byte> table, int offset, out SratSubtable? subtable)
    {
        subtable = null;
        int left = table.Length - offset;
        if (left < 2)
            return $"{left} stray byte(s) after the last subtable, too few for a subtable header (table ends at 0x{table.Length:x})";
        byte type = table[offset];
        int length = table[offset + 1];
        if (length == 0)
            return $"{Name(type)} has length 0 (the kernel prints \"Invalid zero length\" and abandons the walk)";
        if (length > left)
            return $"{Name(type)} of length {length} runs past the table end at 0x{table.Length:x} (it would end at 0x{offset + length:x})";
        var bytes = table.Slice(offset, length);
        int needed = SratSubtable.RequiredLength(type);
        if (length < needed)
        {
            subtable = new UnknownSubtable { RawType = type, Body = ImmutableArray.Create(bytes[2..]), Offset = offset };
            return length < 2
                ? $"{Name(type)} has length {length}, shorter than the 2-byte subtable header"
                : $"{Name(type)} has length {length}, its type needs {needed}";
        }
        subtable = Decode(type, bytes, offset, needed);
        return null;
    }

    private static string Name(byte type) => $"subtable type {type} ({SratSubtable.TypeName(type)})";

    private static SratSubtable Decode(byte type, ReadOnlySpan<byte> bytes, int offset, int structure)
    {
        SratSubtable s = type switch
        {
            0 => ProcessorApicAffinity.Read(bytes, offset),
            1 => MemoryAffinity.Read(bytes, offset),
            2 => ProcessorX2ApicAffinity.Read(bytes, offset),
            3 => GiccAffinity.Read(bytes, offset),
            4 => GicItsAffinity.Read(bytes, offset),
            5 => GenericAffinity.Read<GenericInitiatorAffinity>(bytes, offset),
            6 => GenericAffinity.Read<GenericPortAffinity>(bytes, offset),
            7 => RintcAffinity.Read(bytes, offset),
            _ => new UnknownSubtable { RawType = type, Body = ImmutableArray.Create(bytes[2..]), Offset = offset },
        };
        if (s is UnknownSubtable || bytes.Length == structure) return s;
        return s with { Extra = ImmutableArray.Create(bytes[structure..]) };
    }
}
