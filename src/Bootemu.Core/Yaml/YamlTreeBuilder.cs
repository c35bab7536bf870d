using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bootemu.Core.Yaml;

/// <summary>
/// Reads a YAML text in one pass over YamlDotNet's parser events, building the node tree while it refuses
/// anchors and aliases. Problems are reported in the order a reader meets them: a syntax error, anchor or
/// alias anywhere wins over a duplicate key, which wins over a second document, which wins over an empty stream.
/// </summary>
internal sealed class YamlTreeBuilder
{
    private readonly string _source;
    private readonly Stack<YamlNode> _open = new();
    private YamlNode? _root;
    private Mark? _secondDocument;
    private YamlException? _duplicate;
    private int _documents;

    private YamlTreeBuilder(string source) => _source = source;

    public static YamlNode Build(string text, string source) => new YamlTreeBuilder(source).Run(text);

    private YamlNode Run(string text)
    {
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
            throw new InputException(YamlInput.Where(_source, e.Start), YamlInput.Clean(e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails without a mark; the last event it did read is the best place to point at.
            throw new InputException(YamlInput.Where(_source, lastGood), "malformed YAML: unterminated or invalid construct after this point");
        }
        if (_duplicate is not null)
            throw new InputException(YamlInput.Where(_source, _duplicate.Start), YamlInput.Clean(_duplicate.Message));
        if (_secondDocument is { } second)
            throw new InputException(YamlInput.Where(_source, second), "only one YAML document is allowed");
        return _root ?? throw new InputException($"{_source}:1:1", "the YAML document is empty");
    }

    private void Accept(ParsingEvent e)
    {
        switch (e)
        {
            case AnchorAlias alias:
                throw new InputException(YamlInput.Where(_source, alias.Start), $"YAML alias *{alias.Value} is not allowed (anchors and aliases are refused)");
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw new InputException(YamlInput.Where(_source, node.Start), $"YAML anchor &{node.Anchor} is not allowed (anchors and aliases are refused)");
            case DocumentStart:
                _documents++;
                break;
            case Scalar s:
                Complete(new YamlScalar(s.Start, s.Tag.IsEmpty ? "" : s.Tag.Value, s.Value, s.Style == ScalarStyle.Plain));
                break;
            case SequenceStart s:
                _open.Push(new YamlSequence(s.Start, s.Tag.IsEmpty ? "" : s.Tag.Value));
                break;
            case MappingStart m:
                _open.Push(new YamlMapping(m.Start));
                break;
            case SequenceEnd or MappingEnd:
                Complete(_open.Pop());
                break;
        }
    }

    /// <summary>Places a finished node in its parent: the next list item, a map key, a map value, or a document's root.</summary>
    private void Complete(YamlNode node)
    {
        if (!_open.TryPeek(out var parent))
        {
            if (_documents <= 1) _root = node;
            else _secondDocument ??= node.Start;
            return;
        }
        if (parent is YamlSequence seq)
        {
            seq.Items.Add(node);
            return;
        }
        var map = (YamlMapping)parent;
        if (map.PendingKey is not { } key)
        {
            map.PendingKey = node;
            return;
        }
        map.PendingKey = null;
        if (_duplicate is null && IsDuplicate(map, key))
            _duplicate = new YamlException(key.Start, key.Start, "Duplicate key " + Describe(key));
        map.Add(key, node);
    }

    /// <summary>
    /// Two keys are the same when they are scalars with equal tag and text, or lists of the same keys;
    /// a map as a key never equals another. A scalar key is looked up by its text (through the map's
    /// index once the map is big), so a long map is read in linear time.
    /// </summary>
    private static bool IsDuplicate(YamlMapping map, YamlNode key)
    {
        if (key is YamlScalar s)
        {
            if (map.FindKey(s.Value) is not YamlScalar first) return false;
            if (first.Tag == s.Tag) return true;
        }
        foreach (var (k, _) in map.Pairs)
            if (SameKey(k, key)) return true;
        return false;
    }

    private static bool SameKey(YamlNode a, YamlNode b) => (a, b) switch
    {
        (YamlScalar x, YamlScalar y) => x.Tag == y.Tag && x.Value == y.Value,
        (YamlSequence x, YamlSequence y) => x.Tag == y.Tag && x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => SameKey(p.First, p.Second)),
        _ => false,
    };

    /// <summary>How a key is spelled in a duplicate-key message: the text of a scalar, "[ a, b ]" for a list, "{ { k, v } }" for a map.</summary>
    private static string Describe(YamlNode node)
    {
        switch (node)
        {
            case YamlScalar s:
                return s.Value;
            case YamlSequence seq:
            {
                var text = new StringBuilder("[ ");
                foreach (var item in seq.Items)
                {
                    if (text.Length > 2) text.Append(", ");
                    text.Append(Describe(item));
                }
                return text.Append(" ]").ToString();
            }
            default:
            {
                var text = new StringBuilder("{ ");
                foreach (var (k, v) in ((YamlMapping)node).Pairs)
                {
                    if (text.Length > 2) text.Append(", ");
                    text.Append("{ ").Append(Describe(k)).Append(", ").Append(Describe(v)).Append(" }");
                }
                return text.Append(" }").ToString();
            }
        }
    }
}
