using System.Globalization;

namespace Bootemu.Core.Yaml;

/// <summary>
/// One node of a loaded YAML document, with typed accessors that fail with an
/// <see cref="InputException"/> naming the node's line and column.
/// </summary>
public readonly struct YamlValue
{
    private readonly YamlDocument _doc;
    private readonly int _node;

    internal YamlValue(YamlDocument doc, int node)
    {
        _doc = doc;
        _node = node;
    }

    public string Source => _doc.Source;

    /// <summary>"file:line:column" of this node.</summary>
    public string Location => _doc.Where(_node);

    public InputException Error(string message) => new(Location, message);

    public bool IsNull => IsScalar && _doc.Plain(_node) && _doc.Text(_node) is "" or "~" or "null" or "Null" or "NULL";

    public bool IsMap => _doc.Kind(_node) == YamlNodeKind.Mapping;
    public bool IsList => _doc.Kind(_node) == YamlNodeKind.Sequence;
    public bool IsScalar => _doc.Kind(_node) == YamlNodeKind.Scalar;

    public string AsString() => IsScalar
        ? _doc.Text(_node)
        : throw Error($"expected a plain value, found a {KindName}");

    public YamlMap AsMap() => IsMap
        ? new YamlMap(_doc, _node)
        : throw Error($"expected a mapping (key: value), found a {KindName}");

    public IReadOnlyList<YamlValue> AsList()
    {
        if (!IsList) throw Error($"expected a list, found a {KindName}");
        var items = new YamlValue[_doc.ChildCount(_node)];
        for (int i = 0; i < items.Length; i++) items[i] = new YamlValue(_doc, _doc.Child(_node, i));
        return items;
    }

    private string KindName => _doc.Kind(_node) switch
    {
        YamlNodeKind.Mapping => "mapping",
        YamlNodeKind.Sequence => "list",
        _ => "value",
    };

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

    public override string ToString() => _doc.Kind(_node) switch
    {
        YamlNodeKind.Scalar => _doc.Text(_node),
        YamlNodeKind.Mapping => "Mapping",
        _ => "Sequence",
    };
}

/// <summary>A YAML mapping read strictly: keys are looked up by name and unknown keys are errors.</summary>
public sealed class YamlMap
{
    private readonly YamlDocument _doc;
    private readonly int _node;

    // The names asked for, present or not: they are what the map allows, and the unknown-key error lists them.
    private readonly List<string> _asked = new();

    internal YamlMap(YamlDocument doc, int node)
    {
        _doc = doc;
        _node = node;
    }

    public YamlValue Self => new(_doc, _node);
    public string Location => Self.Location;

    public IEnumerable<(string Key, YamlValue KeyNode, YamlValue Value)> Entries
    {
        get
        {
            for (int p = 0; p < Count; p++)
            {
                var keyValue = new YamlValue(_doc, _doc.Child(_node, 2 * p));
                yield return (keyValue.AsString(), keyValue, new YamlValue(_doc, _doc.Child(_node, 2 * p + 1)));
            }
        }
    }

    public int Count => _doc.ChildCount(_node) / 2;

    public bool Has(string key) => _doc.Find(_node, key) >= 0;

    public YamlValue? Optional(string key)
    {
        _asked.Add(key);
        int v = _doc.Find(_node, key);
        return v < 0 ? null : new YamlValue(_doc, v);
    }

    public YamlValue Required(string key) =>
        Optional(key) ?? throw new InputException(Location, $"missing required key '{key}'");

    /// <summary>Fails on the first key that was never asked for, naming the keys that are allowed.</summary>
    public void RejectUnknownKeys(params string[] alsoAllowed)
    {
        // Small maps (nearly all of them) are checked by scanning; a set pays off only for many names.
        ICollection<string> asked = _asked.Count > 16 ? new HashSet<string>(_asked, StringComparer.Ordinal) : _asked;
        for (int p = 0; p < Count; p++)
        {
            int k = _doc.Child(_node, 2 * p);
            string name = _doc.Kind(k) == YamlNodeKind.Scalar ? _doc.Text(k) : "";
            if (!asked.Contains(name) && Array.IndexOf(alsoAllowed, name) < 0)
            {
                var allowed = string.Join(", ", _asked.Concat(alsoAllowed).Distinct().OrderBy(x => x, StringComparer.Ordinal));
                throw new InputException(_doc.Where(k), $"unknown key '{name}' (allowed: {allowed})");
            }
        }
    }
}
