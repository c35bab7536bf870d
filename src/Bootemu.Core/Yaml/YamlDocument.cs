namespace Bootemu.Core.Yaml;

internal enum YamlNodeKind : byte { Scalar, Sequence, Mapping }

/// <summary>
/// A loaded YAML document held flat: one record per node in parser order and one array of child
/// indices, so a table of a million cells costs a million strings and no per-node objects (which is
/// what keeps loading megabytes of YAML fast: the collector has little to trace). A mapping's children
/// are its keys and values, alternating. Built by <see cref="YamlTreeBuilder"/>; read through
/// <see cref="YamlValue"/> and <see cref="YamlMap"/>.
/// </summary>
internal sealed class YamlDocument
{
    /// <summary>Below this many keys a linear scan beats hashing; above it, key lookups go through an index.</summary>
    internal const int IndexThreshold = 12;

    private struct Record
    {
        public YamlNodeKind Kind;
        public bool Plain;
        public int Line, Column;
        public string? Text;
        public int First, Count;
    }

    private Record[] _nodes = new Record[64];
    private int _nodeCount;
    private int[] _children = new int[64];
    private int _childCount;
    private Dictionary<int, string>? _tags;
    private Dictionary<int, Dictionary<string, int>>? _keyIndexes;

    public YamlDocument(string source) => Source = source;

    public string Source { get; }

    public YamlNodeKind Kind(int node) => _nodes[node].Kind;

    /// <summary>A scalar's text ("" for containers).</summary>
    public string Text(int node) => _nodes[node].Text ?? "";

    /// <summary>Written without quotes or block indicators: only such a scalar can be the implicit null.</summary>
    public bool Plain(int node) => _nodes[node].Plain;

    public string Tag(int node) => _tags is not null && _tags.TryGetValue(node, out var tag) ? tag : "";

    /// <summary>"file:line:column" of the node's first character.</summary>
    public string Where(int node) => $"{Source}:{_nodes[node].Line}:{_nodes[node].Column}";

    /// <summary>Items of a list; keys and values (alternating) of a mapping.</summary>
    public int ChildCount(int node) => _nodes[node].Count;

    public int Child(int node, int k) => _children[_nodes[node].First + k];

    /// <summary>The value of the first scalar key of <paramref name="map"/> spelled <paramref name="key"/>, or -1.</summary>
    public int Find(int map, string key) => PairOf(map, key) is int p and >= 0 ? Child(map, 2 * p + 1) : -1;

    /// <summary>The pair number of the first scalar key spelled <paramref name="key"/>, or -1.</summary>
    public int PairOf(int map, string key)
    {
        int pairs = ChildCount(map) / 2;
        if (pairs <= IndexThreshold)
        {
            for (int p = 0; p < pairs; p++)
            {
                int k = Child(map, 2 * p);
                if (_nodes[k].Kind == YamlNodeKind.Scalar && _nodes[k].Text == key) return p;
            }
            return -1;
        }
        _keyIndexes ??= new();
        if (!_keyIndexes.TryGetValue(map, out var index))
            _keyIndexes[map] = index = KeyIndex(map, pairs);
        return index.TryGetValue(key, out int found) ? found : -1;
    }

    internal int AddScalar(int line, int column, string tag, string text, bool plain)
    {
        int node = Add(YamlNodeKind.Scalar, line, column, tag);
        _nodes[node].Text = text;
        _nodes[node].Plain = plain;
        return node;
    }

    internal int AddContainer(YamlNodeKind kind, int line, int column, string tag) => Add(kind, line, column, tag);

    /// <summary>Gives a finished container its children, which the builder collected in order.</summary>
    internal void Close(int node, ReadOnlySpan<int> children)
    {
        if (_childCount + children.Length > _children.Length)
            Array.Resize(ref _children, Math.Max(_children.Length * 2, _childCount + children.Length));
        children.CopyTo(_children.AsSpan(_childCount));
        _nodes[node].First = _childCount;
        _nodes[node].Count = children.Length;
        _childCount += children.Length;
    }

    /// <summary>Keeps the key index the builder made while checking a big mapping for duplicate keys.</summary>
    internal void KeepKeyIndex(int map, Dictionary<string, int> index) => (_keyIndexes ??= new())[map] = index;

    private Dictionary<string, int> KeyIndex(int map, int pairs)
    {
        var index = new Dictionary<string, int>(pairs, StringComparer.Ordinal);
        for (int p = 0; p < pairs; p++)
        {
            int k = Child(map, 2 * p);
            if (_nodes[k].Kind == YamlNodeKind.Scalar) index.TryAdd(_nodes[k].Text!, p);
        }
        return index;
    }

    private int Add(YamlNodeKind kind, int line, int column, string tag)
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        int node = _nodeCount++;
        _nodes[node] = new Record { Kind = kind, Line = line, Column = column };
        if (tag.Length > 0) (_tags ??= new())[node] = tag;
        return node;
    }
}
