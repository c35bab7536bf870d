using YamlDotNet.Core;

namespace Bootemu.Core.Yaml;

/// <summary>
/// One node of a loaded document: only what bootemu's readers ask of YAML (the text of scalars, the
/// order of list items and map entries, where each node starts). Built by <see cref="YamlTreeBuilder"/>.
/// </summary>
internal abstract class YamlNode(Mark start)
{
    public Mark Start { get; } = start;

    /// <summary>"mapping", "list" or "value", as errors name the kinds.</summary>
    public abstract string Kind { get; }
}

internal sealed class YamlScalar(Mark start, string tag, string value, bool plain) : YamlNode(start)
{
    public string Tag { get; } = tag;
    public string Value { get; } = value;

    /// <summary>Written without quotes or block indicators: only such a scalar can be the implicit null.</summary>
    public bool Plain { get; } = plain;

    public override string Kind => "value";
}

internal sealed class YamlSequence(Mark start, string tag) : YamlNode(start)
{
    public string Tag { get; } = tag;
    public List<YamlNode> Items { get; } = new();

    public override string Kind => "list";
}

internal sealed class YamlMapping(Mark start) : YamlNode(start)
{
    /// <summary>Below this many keys a linear scan beats hashing; above it, lookups go through an index.</summary>
    private const int IndexThreshold = 12;

    private Dictionary<string, int>? _index;

    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; } = new();

    /// <summary>Set while the builder holds a key whose value has not been read yet.</summary>
    internal YamlNode? PendingKey { get; set; }

    public override string Kind => "mapping";

    public void Add(YamlNode key, YamlNode value)
    {
        Pairs.Add(new(key, value));
        if (_index is not null && key is YamlScalar s) _index.TryAdd(s.Value, Pairs.Count - 1);
    }

    /// <summary>The value of the first scalar key spelled <paramref name="key"/>, or null.</summary>
    public YamlNode? Find(string key) => IndexOf(key) is int i and >= 0 ? Pairs[i].Value : null;

    /// <summary>The first scalar key spelled <paramref name="key"/>, or null.</summary>
    public YamlNode? FindKey(string key) => IndexOf(key) is int i and >= 0 ? Pairs[i].Key : null;

    private int IndexOf(string key)
    {
        if (_index is null && Pairs.Count <= IndexThreshold)
        {
            for (int i = 0; i < Pairs.Count; i++)
                if (Pairs[i].Key is YamlScalar s && s.Value == key) return i;
            return -1;
        }
        _index ??= BuildIndex();
        return _index.TryGetValue(key, out int found) ? found : -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Pairs.Count, StringComparer.Ordinal);
        for (int i = 0; i < Pairs.Count; i++)
            if (Pairs[i].Key is YamlScalar s) index.TryAdd(s.Value, i);
        return index;
    }
}
