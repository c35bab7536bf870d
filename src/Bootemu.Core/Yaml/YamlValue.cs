using System.Globalization;

namespace Bootemu.Core.Yaml;

/// <summary>
/// One node of a loaded YAML document, with typed accessors that fail with an
/// <see cref="InputException"/> naming the node's line and column.
/// </summary>
public readonly struct YamlValue
{
    internal YamlValue(YamlNode node, string source)
    {
        Node = node;
        Source = source;
    }

    internal YamlNode Node { get; }
    public string Source { get; }

    /// <summary>"file:line:column" of this node.</summary>
    public string Location => YamlInput.Where(Source, Node.Start);

    public InputException Error(string message) => new(Location, message);

    public bool IsNull => Node is YamlScalar { Plain: true } s && s.Value is "" or "~" or "null" or "Null" or "NULL";

    public bool IsMap => Node is YamlMapping;
    public bool IsList => Node is YamlSequence;
    public bool IsScalar => Node is YamlScalar;

    public string AsString() => Node is YamlScalar s
        ? s.Value
        : throw Error($"expected a plain value, found a {Node.Kind}");

    public YamlMap AsMap() => Node is YamlMapping m
        ? new YamlMap(m, Source)
        : throw Error($"expected a mapping (key: value), found a {Node.Kind}");

    public IReadOnlyList<YamlValue> AsList()
    {
        if (Node is not YamlSequence seq) throw Error($"expected a list, found a {Node.Kind}");
        var items = new YamlValue[seq.Items.Count];
        for (int i = 0; i < items.Length; i++) items[i] = new YamlValue(seq.Items[i], Source);
        return items;
    }

    public bool AsBool() => AsString() switch
    {
        "true" or "True" or "TRUE" or "yes" or "on" => true,
        "false" or "False" or "FALSE" or "no" or "off" => false,
        var v => throw Error($"expected true or false, found '{v}'"),
    };

    /// <summary>
    /// An unsigned 64-bit number: decimal, 0x hex, or with one of the kernel's size suffixes
    /// K, M, G, T, P, E (powers of 1024). Negative numbers and overflow are errors.
    /// </summary>
    public ulong AsU64()
    {
        string text = AsString().Trim();
        if (!SizeParser.TryParse(text, out ulong value, out string? why))
            throw Error(why!);
        return value;
    }

    /// <summary>A signed number within [<paramref name="min"/>, <paramref name="max"/>] (decimal or 0x hex; a leading '-' allowed).</summary>
    public long AsI64(long min = long.MinValue, long max = long.MaxValue)
    {
        string text = AsString().Trim();
        bool negative = text.StartsWith('-');
        string body = negative ? text[1..] : text;
        if (!SizeParser.TryParse(body, out ulong magnitude, out string? why))
            throw Error(why!);
        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
            throw Error($"'{text}' is out of range");
        long value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        if (value < min || value > max)
            throw Error($"{text} is out of range [{min}, {max}]");
        return value;
    }

    public int AsInt(int min = int.MinValue, int max = int.MaxValue) => (int)AsI64(min, max);

    public override string ToString() => Node switch
    {
        YamlScalar s => s.Value,
        YamlMapping => "Mapping",
        _ => "Sequence",
    };
}

/// <summary>A YAML mapping read strictly: keys are looked up by name and unknown keys are errors.</summary>
public sealed class YamlMap
{
    private readonly YamlMapping _node;
    private readonly string _source;

    // The names asked for, present or not: they are what the map allows, and the unknown-key error lists them.
    private readonly List<string> _asked = new();

    internal YamlMap(YamlMapping node, string source)
    {
        _node = node;
        _source = source;
    }

    public YamlValue Self => new(_node, _source);
    public string Location => Self.Location;

    public IEnumerable<(string Key, YamlValue KeyNode, YamlValue Value)> Entries
    {
        get
        {
            foreach (var (k, v) in _node.Pairs)
            {
                var keyValue = new YamlValue(k, _source);
                yield return (keyValue.AsString(), keyValue, new YamlValue(v, _source));
            }
        }
    }

    public int Count => _node.Pairs.Count;

    public bool Has(string key) => _node.Find(key) is not null;

    public YamlValue? Optional(string key)
    {
        _asked.Add(key);
        var v = _node.Find(key);
        return v is null ? null : new YamlValue(v, _source);
    }

    public YamlValue Required(string key) =>
        Optional(key) ?? throw new InputException(Location, $"missing required key '{key}'");

    /// <summary>Fails on the first key that was never asked for, naming the keys that are allowed.</summary>
    public void RejectUnknownKeys(params string[] alsoAllowed)
    {
        // Small maps (nearly all of them) are checked by scanning; a set pays off only for many names.
        ICollection<string> asked = _asked.Count > 16 ? new HashSet<string>(_asked, StringComparer.Ordinal) : _asked;
        foreach (var (k, _) in _node.Pairs)
        {
            string name = k is YamlScalar s ? s.Value : "";
            if (!asked.Contains(name) && Array.IndexOf(alsoAllowed, name) < 0)
            {
                var allowed = string.Join(", ", _asked.Concat(alsoAllowed).Distinct().OrderBy(x => x, StringComparer.Ordinal));
                throw new InputException(YamlInput.Where(_source, k.Start), $"unknown key '{name}' (allowed: {allowed})");
            }
        }
    }
}
