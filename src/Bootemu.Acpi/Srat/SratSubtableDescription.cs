using System.Collections.Immutable;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// One subtable type, described once: its type byte, structure size, names and fields. The binary reader and writer,
/// the YAML reader and writer, the JSON writer and the iasl listing all iterate this description, so a new type is
/// one entry in <see cref="SratSubtableDescriptions"/> plus its record (and its rules, where the checker or the kernel
/// model has any).
/// </summary>
public sealed class SratSubtableDescription
{
    public required SratSubtableType Type { get; init; }

    /// <summary>Bytes of the structure, the type and length bytes included: the least length the type needs.</summary>
    public required int Size { get; init; }

    /// <summary>The entry's kind in the YAML and JSON forms (<c>memory</c>, <c>x2apic</c>, ...).</summary>
    public required string Key { get; init; }

    /// <summary>The type's name as iasl prints it after the type byte.</summary>
    public required string IaslName { get; init; }

    /// <summary>True when iasl 20200925's SRAT compiler knows the type, so a field listing of it compiles.</summary>
    public required bool IaslCompiles { get; init; }

    /// <summary>The fields in the order the YAML and JSON forms list them (the iasl listing goes by offset).</summary>
    public required ImmutableArray<SratField> Fields { get; init; }

    /// <summary>An entry of this type with every field 0, which <see cref="Read"/> and the YAML reader fill in.</summary>
    public required Func<SratSubtable> Empty { get; init; }

    /// <summary>The field parts in table order, as iasl lists them.</summary>
    public IEnumerable<(SratField Field, SratFieldPart Part)> PartsByOffset =>
        Fields.SelectMany(f => f.Parts.Select(p => (f, p))).OrderBy(fp => fp.p.Offset);

    public SratField Field(string key) => Fields.Single(f => f.Key == key);

    /// <param name="subtable">the subtable's bytes, at least <see cref="Size"/> of them.</param>
    internal SratSubtable Read(ReadOnlySpan<byte> subtable, int offset)
    {
        var entry = Empty() with { Offset = offset };
        foreach (var field in Fields) entry = field.Set(entry, field.Read(subtable));
        return entry;
    }

    /// <summary>Writes the fields into <paramref name="structure"/> (<see cref="Size"/> bytes; the header is the caller's).</summary>
    internal void Write(SratSubtable entry, Span<byte> structure)
    {
        foreach (var field in Fields) field.Write(structure, field.Get(entry));
    }
}
