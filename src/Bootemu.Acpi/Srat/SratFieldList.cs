using System.Collections.Immutable;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Builds the field list of one subtable type with its record's accessors typed, so that each line of
/// <see cref="SratSubtableDescriptions"/> reads as the field it describes. Fields are added in the order the YAML
/// and JSON forms list them.
/// </summary>
internal sealed class SratFieldList<T> where T : SratSubtable
{
    private readonly ImmutableArray<SratField>.Builder _fields = ImmutableArray.CreateBuilder<SratField>();

    public SratFieldList<T> Add(SratFieldKind kind, string key, ImmutableArray<SratFieldPart> parts,
        Func<T, UInt128> get, Func<T, UInt128, T> set, string? jsonKey = null, bool iaslZeroes = false,
        ImmutableArray<SratFlagBit> bits = default)
    {
        _fields.Add(new SratField
        {
            Kind = kind,
            Key = key,
            JsonKeyOverride = jsonKey,
            Parts = parts,
            IaslZeroes = iaslZeroes,
            Bits = bits.IsDefault ? ImmutableArray<SratFlagBit>.Empty : bits,
            Get = s => get((T)s),
            Set = (s, v) => set((T)s, v),
        });
        return this;
    }

    public SratFieldList<T> Add(SratFieldKind kind, string key, int offset, int width, string iaslLabel,
        Func<T, UInt128> get, Func<T, UInt128, T> set, string? jsonKey = null, string? genericLabel = null) =>
        Add(kind, key, [new SratFieldPart(offset, width, iaslLabel, genericLabel)], get, set, jsonKey);

    public SratFieldList<T> Pxm(int offset, Func<T, UInt128> get, Func<T, UInt128, T> set) =>
        Add(SratFieldKind.ProximityDomain, "pxm", offset, 4, "Proximity Domain", get, set);

    public SratFieldList<T> ClockDomain(int offset, Func<T, UInt128> get, Func<T, UInt128, T> set) =>
        Add(SratFieldKind.ClockDomain, "clock_domain", offset, 4, "Clock Domain", get, set);

    /// <summary>A reserved field; iasl labels it as the key reads with a capital (reserved1 is "Reserved1").</summary>
    public SratFieldList<T> Reserved(string key, int offset, int width, Func<T, UInt128> get, Func<T, UInt128, T> set, bool iaslZeroes = false) =>
        Add(SratFieldKind.Reserved, key, [new SratFieldPart(offset, width, char.ToUpperInvariant(key[0]) + key[1..])], get, set, iaslZeroes: iaslZeroes);

    /// <summary>The 32-bit flag word with its named bits (typed as uint, so the record's flag enum casts from it).</summary>
    public SratFieldList<T> Flags(int offset, Func<T, uint> get, Func<T, uint, T> set, params SratFlagBit[] bits) =>
        Add(SratFieldKind.Flags, "flags", [new SratFieldPart(offset, 4, "Flags")], s => get(s), (s, v) => set(s, (uint)v), bits: [.. bits]);

    public ImmutableArray<SratField> ToImmutable() => _fields.ToImmutable();
}
