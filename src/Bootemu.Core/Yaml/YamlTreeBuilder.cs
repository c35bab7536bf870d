using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bootemu.Core.Yaml;

/// <summary>
/// Reads a YAML text in one pass over YamlDotNet's parser events, building the flat
/// <see cref="YamlDocument"/> while it refuses anchors and aliases. Problems are reported in the order a
/// reader meets them: a syntax error, anchor or alias anywhere wins over a duplicate key, which wins
/// over a second document, which wins over an empty stream.
/// </summary>
internal sealed class YamlTreeBuilder
{
    /// <summary>A list or mapping still open: its node, and where its children start on the child stack.</summary>
    private sealed class OpenNode(int node, int height)
    {
        public int Node { get; } = node;
        public int Height { get; } = height;

        /// <summary>For a big mapping: scalar key text to pair number, so each new key is checked in constant time.</summary>
        public Dictionary<string, int>? Keys { get; set; }
    }

    private readonly YamlDocument _doc;
    private readonly List<OpenNode> _open = new();
    private readonly List<int> _children = new();
    private int _root = -1;
    private int _secondDocument = -1;
    private (int Key, string Message)? _duplicate;
    private int _documents;

    internal YamlTreeBuilder(string source) => _doc = new YamlDocument(source);

    /// <summary>The loaded document and its root node, read in one pass of YamlDotNet's parser.</summary>
    public static (YamlDocument Document, int Root) Build(string text, string source)
    {
        var builder = new YamlTreeBuilder(source);
        return (builder._doc, builder.Run(text));
    }

    private int Run(string text)
    {
        // YamlDotNet's scanner never returns from a directive line (%...) that ends the text exactly at the end of one
        // of its 1,024-character read blocks (found by fuzzing, tests/fuzz-seeds/*/hangs). A final newline changes no
        // YAML document and keeps every line inside the text.
        if (text.Length > 0 && text[^1] != '\n') text += "\n";
        var parser = new Parser(new StringReader(text));
        var lastGood = new Mark();
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                lastGood = e.End;
                Accept(e);
            }
        }
        catch (YamlException e)
        {
            throw new InputException(YamlInput.Where(_doc.Source, e.Start), YamlInput.Clean(e.Message));
        }
        catch (ArgumentException e)
        {
            // A tag that is not a valid URI fails inside YamlDotNet without a mark; point at the last event read.
            string why = e.Message.Split(" (Parameter", 2)[0];
            throw new InputException(YamlInput.Where(_doc.Source, lastGood), $"malformed YAML: {why}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails without a mark; the last event it did read is the best place to point at.
            throw new InputException(YamlInput.Where(_doc.Source, lastGood), "malformed YAML: unterminated or invalid construct after this point");
        }
        return Finish();
    }

    /// <summary>The root, once the whole text was read without a syntax error.</summary>
    private int Finish()
    {
        if (_duplicate is { } dup)
            throw new InputException(_doc.Where(dup.Key), YamlInput.Clean(dup.Message));
        if (_secondDocument >= 0)
            throw new InputException(_doc.Where(_secondDocument), "only one YAML document is allowed");
        return _root >= 0 ? _root : throw new InputException($"{_doc.Source}:1:1", "the YAML document is empty");
    }

    private void Accept(ParsingEvent e)
    {
        switch (e)
        {
            case AnchorAlias alias:
                throw new InputException(YamlInput.Where(_doc.Source, alias.Start), $"YAML alias *{alias.Value} is not allowed (anchors and aliases are refused)");
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw new InputException(YamlInput.Where(_doc.Source, node.Start), $"YAML anchor &{node.Anchor} is not allowed (anchors and aliases are refused)");
            case DocumentStart:
                StartDocument();
                break;
            case Scalar s:
                AddScalar((int)s.Start.Line, (int)s.Start.Column, TagOf(s), s.Value, s.Style == ScalarStyle.Plain);
                break;
            case SequenceStart s:
                Open(YamlNodeKind.Sequence, (int)s.Start.Line, (int)s.Start.Column, TagOf(s));
                break;
            case MappingStart m:
                Open(YamlNodeKind.Mapping, (int)m.Start.Line, (int)m.Start.Column, TagOf(m));
                break;
            case SequenceEnd or MappingEnd:
                Close();
                break;
        }
    }

    internal void StartDocument() => _documents++;

    internal void AddScalar(int line, int column, string tag, string text, bool plain) =>
        Complete(_doc.AddScalar(line, column, tag, text, plain));

    internal void Open(YamlNodeKind kind, int line, int column, string tag)
    {
        // Refused at the first node too deep, before the parser reads on: its cost per event grows with the depth.
        if (_open.Count >= YamlInput.MaxDepth)
            throw new InputException($"{_doc.Source}:{line}:{column}", $"YAML nested deeper than {YamlInput.MaxDepth} levels (no bootemu file needs more than a few)");
        _open.Add(new OpenNode(_doc.AddContainer(kind, line, column, tag), _children.Count));
    }

    internal void Close()
    {
        var open = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        int count = _children.Count - open.Height;
        _doc.Close(open.Node, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_children).Slice(open.Height, count));
        _children.RemoveRange(open.Height, count);
        if (open.Keys is not null) _doc.KeepKeyIndex(open.Node, open.Keys);
        Complete(open.Node);
    }

    private static string TagOf(NodeEvent e) => e.Tag.IsEmpty ? "" : e.Tag.Value;

    /// <summary>Places a finished node in its parent (as the next item, key or value), or makes it a document's root.</summary>
    private void Complete(int node)
    {
        if (_open.Count == 0)
        {
            if (_documents <= 1) _root = node;
            else if (_secondDocument < 0) _secondDocument = node;
            return;
        }
        _children.Add(node);
        var parent = _open[^1];
        int filled = _children.Count - parent.Height;
        if (_doc.Kind(parent.Node) == YamlNodeKind.Mapping && filled % 2 == 0)
            CheckKey(parent, filled / 2 - 1);
    }

    /// <summary>
    /// Checks the key of the mapping's newest pair against its earlier keys. Two keys are the same when they
    /// are scalars with equal tag and text, or lists of the same keys; a mapping as a key never equals another.
    /// A big mapping keeps an index of its scalar keys, so a long map is read in linear time.
    /// </summary>
    private void CheckKey(OpenNode map, int pair)
    {
        int key = _children[map.Height + 2 * pair];
        bool scalar = _doc.Kind(key) == YamlNodeKind.Scalar;
        bool same = false;
        if (scalar && map.Keys is { } keys)
        {
            string text = _doc.Text(key);
            if (!keys.TryGetValue(text, out int first)) keys.Add(text, pair);
            else same = _doc.Tag(_children[map.Height + 2 * first]) == _doc.Tag(key) || EarlierSame(map, pair, key);
        }
        else
        {
            same = EarlierSame(map, pair, key);
            if (pair + 1 > YamlDocument.IndexThreshold && map.Keys is null)
                map.Keys = IndexKeys(map, pair + 1);
        }
        if (same && _duplicate is null)
            _duplicate = (key, "Duplicate key " + Describe(key));
    }

    private bool EarlierSame(OpenNode map, int pair, int key)
    {
        for (int p = 0; p < pair; p++)
            if (SameKey(_children[map.Height + 2 * p], key)) return true;
        return false;
    }

    private Dictionary<string, int> IndexKeys(OpenNode map, int pairs)
    {
        var index = new Dictionary<string, int>(pairs * 2, StringComparer.Ordinal);
        for (int p = 0; p < pairs; p++)
        {
            int k = _children[map.Height + 2 * p];
            if (_doc.Kind(k) == YamlNodeKind.Scalar) index.TryAdd(_doc.Text(k), p);
        }
        return index;
    }

    private bool SameKey(int a, int b)
    {
        var kind = _doc.Kind(a);
        if (kind != _doc.Kind(b) || kind == YamlNodeKind.Mapping || _doc.Tag(a) != _doc.Tag(b)) return false;
        if (kind == YamlNodeKind.Scalar) return _doc.Text(a) == _doc.Text(b);
        if (_doc.ChildCount(a) != _doc.ChildCount(b)) return false;
        for (int i = 0; i < _doc.ChildCount(a); i++)
            if (!SameKey(_doc.Child(a, i), _doc.Child(b, i))) return false;
        return true;
    }

    /// <summary>How a key is spelled in a duplicate-key message: the text of a scalar, "[ a, b ]" for a list, "{ { k, v } }" for a mapping.</summary>
    private string Describe(int node)
    {
        var kind = _doc.Kind(node);
        if (kind == YamlNodeKind.Scalar) return _doc.Text(node);
        var text = new StringBuilder(kind == YamlNodeKind.Sequence ? "[ " : "{ ");
        int step = kind == YamlNodeKind.Sequence ? 1 : 2;
        for (int i = 0; i < _doc.ChildCount(node); i += step)
        {
            if (text.Length > 2) text.Append(", ");
            if (step == 1) text.Append(Describe(_doc.Child(node, i)));
            else text.Append("{ ").Append(Describe(_doc.Child(node, i))).Append(", ").Append(Describe(_doc.Child(node, i + 1))).Append(" }");
        }
        return text.Append(kind == YamlNodeKind.Sequence ? " ]" : " }").ToString();
    }
}
