using System.Globalization;
using YamlDotNet.RepresentationModel;

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

    public YamlNode Node { get; }
    public string Source { get; }

    /// <summary>"file:line:column" of this node.</summary>
    public string Location => YamlInput.Where(Source, Node.Start);

    public InputException Error(string message) => new(Location, message);

    public bool IsNull => Node is YamlScalarNode s && s.Style == YamlDotNet.Core.ScalarStyle.Plain
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public bool IsMap => Node is YamlMappingNode;
    public bool IsList => Node is YamlSequenceNode;
    public bool IsScalar => Node is YamlScalarNode;

    public string AsString()
    {
        if (Node is YamlScalarNode s) return s.Value ?? "";
        throw Error($"expected a plain value, found a {Kind(Node)}");
    }

    public YamlMap AsMap() => Node is YamlMappingNode m
        ? new YamlMap(m, Source)
        : throw Error($"expected a mapping (key: value), found a {Kind(Node)}");

    public IReadOnlyList<YamlValue> AsList()
    {
        if (Node is not YamlSequenceNode seq) throw Error($"expected a list, found a {Kind(Node)}");
        var items = new YamlValue[seq.Children.Count];
        for (int i = 0; i < items.Length; i++) items[i] = new YamlValue(seq.Children[i], Source);
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

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    public override string ToString() => Node is YamlScalarNode s ? s.Value ?? "" : Node.NodeType.ToString();
}

/// <summary>A YAML mapping read strictly: keys are looked up by name and unknown keys are errors.</summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly string _source;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal YamlMap(YamlMappingNode node, string source)
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
            foreach (var (k, v) in _node.Children)
            {
                var keyValue = new YamlValue(k, _source);
                yield return (keyValue.AsString(), keyValue, new YamlValue(v, _source));
            }
        }
    }

    public int Count => _node.Children.Count;

    public bool Has(string key) => Find(key) is not null;

    public YamlValue? Optional(string key)
    {
        _read.Add(key);
        var v = Find(key);
        return v is null ? null : new YamlValue(v, _source);
    }

    public YamlValue Required(string key) =>
        Optional(key) ?? throw new InputException(Location, $"missing required key '{key}'");

    /// <summary>Fails on the first key that was never asked for, naming the keys that are allowed.</summary>
    public void RejectUnknownKeys(params string[] alsoAllowed)
    {
        foreach (var (k, _) in _node.Children)
        {
            string name = k is YamlScalarNode s ? s.Value ?? "" : "";
            if (!_read.Contains(name) && Array.IndexOf(alsoAllowed, name) < 0)
            {
                var allowed = string.Join(", ", _read.Concat(alsoAllowed).Distinct().OrderBy(x => x, StringComparer.Ordinal));
                throw new InputException(YamlInput.Where(_source, k.Start), $"unknown key '{name}' (allowed: {allowed})");
            }
        }
    }

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }
}
