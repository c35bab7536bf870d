using System.Collections.Immutable;
using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Srat;

/// <summary>One step of a <see cref="SratWalk"/>: the subtable at an offset, or the problem found there, or both.</summary>
/// <param name="Offset">byte offset of the subtable in the table.</param>
/// <param name="Subtable">
/// the decoded subtable; null when the walk cannot go on past <paramref name="Offset"/>. A known type shorter than
/// its structure comes as a raw <see cref="UnknownSubtable"/> together with its problem, because the kernel still
/// steps over it by its declared length.
/// </param>
/// <param name="Problem">what is wrong with the subtable's header, or null.</param>
public readonly record struct SratWalkStep(int Offset, SratSubtable? Subtable, SratWalkProblem? Problem);

/// <summary>What is wrong where a walk step stands: its kind of finding, and the sentence that says it.</summary>
public readonly record struct SratWalkProblem(AcpiFindingId Id, string Message)
{
    public override string ToString() => Message;
}

/// <summary>
/// Steps through the subtables of an SRAT after the kernel's <c>acpi_parse_entries_array</c>: from offset 48, each
/// subtable's length byte gives the next offset, and a length of 0 ends the walk. It is stricter than the kernel,
/// as a codec must be: it stops at a subtable that runs past the table end or is shorter than its own 2-byte header,
/// and reports stray bytes after the last one, all of which the kernel's loop reads past, steps into or ignores (Bootemu.Boot's <c>SratWalker</c> is the exact walk).
/// Each subtable is decoded as it is reached, so a caller that does not keep them (the checker) holds one at a
/// time. Used with <c>foreach</c>; it allocates nothing itself.
/// </summary>
public ref struct SratWalk
{
    private const int SubtableHeaderSize = SratLayout.Subtable.HeaderSize;

    private readonly ReadOnlySpan<byte> _table;
    private int _next;
    private bool _stopped;

    /// <param name="table">the table bytes, exactly Length long.</param>
    public SratWalk(ReadOnlySpan<byte> table)
    {
        _table = table;
        _next = Srat.HeaderSize;
        Current = default;
    }

    public readonly SratWalk GetEnumerator() => this;

    public SratWalkStep Current { get; private set; }

    public bool MoveNext()
    {
        if (_stopped || _next >= _table.Length) return false;
        int offset = _next;
        var problem = Step(_table[offset..], offset, out var subtable);
        Current = new SratWalkStep(offset, subtable, problem);
        if (subtable is null) _stopped = true;
        else _next = offset + subtable.DeclaredLength;
        return true;
    }

    /// <summary>
    /// How many subtables the length bytes chain through before the end or a problem, so that a list of them can be
    /// allocated once at its final size (a large table would otherwise regrow it on the large-object heap).
    /// </summary>
    public static int Count(ReadOnlySpan<byte> table)
    {
        int count = 0;
        for (int offset = Srat.HeaderSize; offset + SubtableHeaderSize <= table.Length && table[offset + SratLayout.Subtable.Length] >= SubtableHeaderSize; offset += table[offset + SratLayout.Subtable.Length])
            count++;
        return count;
    }

    /// <summary>
    /// Why the walk cannot go on at <paramref name="offset"/>, where <paramref name="rest"/> (the bytes from there to
    /// the table end) begins: a length of 0 or 1, a subtable running past the end, or too few bytes for a subtable
    /// header. Null when a subtable, even a faulty one, can be read there.
    /// </summary>
    public static SratWalkProblem? StopsAt(ReadOnlySpan<byte> rest, int offset)
    {
        var problem = Step(rest, offset, out var subtable);
        return subtable is null ? problem : null;
    }

    /// <param name="rest">the bytes from <paramref name="offset"/> to the table end.</param>
    private static SratWalkProblem? Step(ReadOnlySpan<byte> rest, int offset, out SratSubtable? subtable)
    {
        subtable = null;
        int left = rest.Length;
        int end = offset + left;
        if (left < SubtableHeaderSize)
            return new(AcpiFindingId.SratStrayBytes, $"{left} stray byte(s) after the last subtable, too few for a subtable header (table ends at 0x{end:x})");
        byte type = rest[SratLayout.Subtable.Type];
        int length = rest[SratLayout.Subtable.Length];
        if (length == 0)
            return new(AcpiFindingId.SratSubtableZeroLength, $"{Name(type)} has length 0 (the kernel prints \"Invalid zero length\" and abandons the walk)");
        if (length < SubtableHeaderSize)
            return new(AcpiFindingId.SratSubtableShorterThanHeader, $"{Name(type)} has length {length}, shorter than the {SubtableHeaderSize}-byte subtable header (the kernel steps on by that {length} byte and reads the next subtable from the middle of this one)");
        if (length > left)
            return new(AcpiFindingId.SratSubtablePastTableEnd, $"{Name(type)} of length {length} runs past the table end at 0x{end:x} (it would end at 0x{offset + length:x})");
        var bytes = rest[..length];
        int needed = SratSubtable.RequiredLength(type);
        if (length < needed)
        {
            subtable = new UnknownSubtable { RawType = type, Body = ImmutableArray.Create(bytes[SubtableHeaderSize..]), Offset = offset };
            return new(AcpiFindingId.SratSubtableShorterThanType, $"{Name(type)} has length {length}, its type needs {needed}");
        }
        subtable = Decode(type, bytes, offset, needed);
        return null;
    }

    private static string Name(byte type) => $"subtable type {type} ({SratSubtable.TypeName(type)})";

    private static SratSubtable Decode(byte type, ReadOnlySpan<byte> bytes, int offset, int structure)
    {
        if (SratSubtableDescriptions.Of(type) is not { } description)
            return new UnknownSubtable { RawType = type, Body = ImmutableArray.Create(bytes[SubtableHeaderSize..]), Offset = offset };
        var s = description.Read(bytes, offset);
        return bytes.Length == structure ? s : s with { Extra = ImmutableArray.Create(bytes[structure..]) };
    }
}
