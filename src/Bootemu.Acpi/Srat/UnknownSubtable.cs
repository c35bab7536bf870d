using System.Collections.Immutable;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// A subtable bootemu does not interpret: a type above 7, or (only when checking) a known type whose declared length
/// is too short for its structure. Its bytes after the two-byte header are kept so it is written back unchanged.
/// The kernel skips unknown types silently.
/// </summary>
public sealed record UnknownSubtable : SratSubtable
{
    public required byte RawType { get; init; }

    /// <summary>The bytes after the type and length bytes.</summary>
    public ImmutableArray<byte> Body { get; init; } = ImmutableArray<byte>.Empty;

    public override SratSubtableType Type => (SratSubtableType)RawType;
    public override SratSubtableDescription? Description => null;
    public override int StructureLength => SratLayout.Subtable.HeaderSize + Body.Length;

    internal override void WriteStructure(Span<byte> s) => Body.AsSpan().CopyTo(s[SratLayout.Subtable.HeaderSize..]);
}
