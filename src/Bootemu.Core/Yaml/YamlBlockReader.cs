using System.Buffers;

namespace Bootemu.Core.Yaml;

/// <summary>
/// A fast reader for the plain kind of YAML that bootemu writes and generates (and most people write by hand):
/// block mappings and lists, one-line flow lists and mappings, plain words and double-quoted strings without
/// escapes, comments. It feeds the same <see cref="YamlTreeBuilder"/> as YamlDotNet's parser does, with the
/// same lines and columns. At the first thing outside that shape (tabs, anchors, tags, multi-line scalars,
/// several documents, any error...) it gives up, and the caller reads the text again with YamlDotNet,
/// which is also what words every error. Generated tables of megabytes thus skip YamlDotNet's scanner.
/// </summary>
internal sealed class YamlBlockReader
{
    private sealed class GiveUp : Exception;

    /// <summary>Printable ASCII and line feeds: other characters (tabs, CR, control, non-ASCII) have rules of their own.</summary>
    private static readonly SearchValues<char> Simple = SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n");

    /// <summary>YAML's limit on the length of a key written without "?".</summary>
    private const int MaxImplicitKey = 1024;

    private readonly string _t;
    private readonly YamlTreeBuilder _b;
    private int _pos, _line = 1, _lineStart;

    private YamlBlockReader(string text, YamlTreeBuilder builder)
    {
        _t = text;
        _b = builder;
    }

    /// <summary>Reads <paramref name="text"/> into <paramref name="builder"/>; false if the text is not of the simple shape (the builder is then spoiled).</summary>
    public static bool TryRead(string text, YamlTreeBuilder builder)
    {
        try
        {
            new YamlBlockReader(text, builder).Document();
            return true;
        }
        catch (GiveUp)
        {
            return false;
        }
    }

    private int Column => _pos - _lineStart + 1;
    private char At(int i) => i < _t.Length ? _t[i] : '\0';

    private void Document()
    {
        if (_t.AsSpan().IndexOfAnyExcept(Simple) >= 0) throw new GiveUp();
        // Only one untagged document without directives or markers.
        if (NextContentLine() != 0 || At(_pos) is '%' || StartsDocumentMarker()) throw new GiveUp();
        _b.StartDocument();
        BlockNode(0);
        if (NextContentLine() >= 0) throw new GiveUp();
    }

    private bool StartsDocumentMarker() =>
        (_t.AsSpan(_pos).StartsWith("---") || _t.AsSpan(_pos).StartsWith("...")) && At(_pos + 3) is ' ' or '\n' or '\0';

    /// <summary>
    /// Moves to the first character of the next line holding content (skipping blank and comment lines) and
    /// returns its indentation, or -1 at the end of the text. Must be called at the start of a line.
    /// </summary>
    private int NextContentLine()
    {
        while (true)
        {
            int start = _pos;
            while (At(_pos) == ' ') _pos++;
            char c = At(_pos);
            if (c == '\0' && _pos >= _t.Length) return -1;
            if (c == '#')
            {
                SkipToLineEnd();
                continue;
            }
            if (c == '\n')
            {
                NewLine();
                continue;
            }
            if (c is '\t' or '\r' or '\0') throw new GiveUp();
            if (_pos == start && StartsDocumentMarker()) throw new GiveUp();
            return _pos - start;
        }
    }

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void SkipToLineEnd()
    {
        int nl = _t.IndexOf('\n', _pos);
        if (nl < 0) { _pos = _t.Length; return; }
        _pos = nl;
        NewLine();
    }

    /// <summary>After a node: spaces, then an optional comment, then the end of the line.</summary>
    private void EndOfLine()
    {
        int start = _pos;
        while (At(_pos) == ' ') _pos++;
        char c = At(_pos);
        if (c == '#' && _pos > start) { SkipToLineEnd(); return; }
        if (c == '\n') { NewLine(); return; }
        if (c == '\0' && _pos >= _t.Length) return;
        throw new GiveUp();
    }

    /// <summary>A node starting at the current position, which is the first content of its line at <paramref name="indent"/>.</summary>
    private void BlockNode(int indent)
    {
        char c = At(_pos);
        if (c == '-' && At(_pos + 1) is ' ' or '\n' or '\0') { BlockSequence(indent); return; }
        InlineNode(indent);
    }

    /// <summary>
    /// A node that starts inside a line (a document's root, a list item after "- ", or the first content of a
    /// line): a flow collection, a scalar, or a block mapping whose further keys sit at <paramref name="indent"/>.
    /// </summary>
    private void InlineNode(int indent)
    {
        if (FlowLine()) return;
        int line = _line, column = Column;
        var (text, plain) = Scalar();
        if (At(_pos) == ':' && At(_pos + 1) is ' ' or '\n' or '\0')
        {
            if (Column - column > MaxImplicitKey) throw new GiveUp();
            _b.Open(YamlNodeKind.Mapping, line, column, "");
            _b.AddScalar(line, column, "", text, plain);
            BlockMappingValue(indent);
            BlockMappingRest(indent);
            _b.Close();
            return;
        }
        _b.AddScalar(line, column, "", text, plain);
        EndOfLine();
    }

    /// <summary>The value after "key:" (the position is at the colon).</summary>
    private void BlockMappingValue(int indent)
    {
        _pos++;
        while (At(_pos) == ' ') _pos++;
        char c = At(_pos);
        if (c is '\n' or '\0' || c == '#' && _t[_pos - 1] == ' ')
        {
            // The value is a block on the following lines, indented deeper; an empty value is left to YamlDotNet.
            EndOfLine();
            int deeper = NextContentLine();
            if (deeper <= indent) throw new GiveUp();
            BlockNode(deeper);
            return;
        }
        if (FlowLine()) return;
        int line = _line, column = Column;
        var (text, plain) = Scalar();
        _b.AddScalar(line, column, "", text, plain);
        EndOfLine();
    }

    /// <summary>A flow list or mapping that ends its line, if one starts here.</summary>
    private bool FlowLine()
    {
        if (At(_pos) is not ('[' or '{')) return false;
        Flow();
        EndOfLine();
        return true;
    }

    /// <summary>Further "key: value" lines of a block mapping whose keys sit at <paramref name="indent"/>.</summary>
    private void BlockMappingRest(int indent)
    {
        while (true)
        {
            int save = _pos, saveLine = _line, saveStart = _lineStart;
            int next = NextContentLine();
            if (next < indent)
            {
                // The mapping ends; the line belongs to an outer node, which reads it again from its start.
                (_pos, _line, _lineStart) = (save, saveLine, saveStart);
                return;
            }
            if (next > indent) throw new GiveUp();
            int line = _line, column = Column;
            if (At(_pos) is '-' or '[' or '{') throw new GiveUp();
            var (text, plain) = Scalar();
            if (!(At(_pos) == ':' && At(_pos + 1) is ' ' or '\n' or '\0') || Column - column > MaxImplicitKey) throw new GiveUp();
            _b.AddScalar(line, column, "", text, plain);
            BlockMappingValue(indent);
        }
    }

    /// <summary>"- item" lines at <paramref name="indent"/>.</summary>
    private void BlockSequence(int indent)
    {
        _b.Open(YamlNodeKind.Sequence, _line, Column, "");
        while (true)
        {
            // At "- ": the item starts after the spaces; an empty item is left to YamlDotNet.
            _pos++;
            while (At(_pos) == ' ') _pos++;
            if (At(_pos) is '\n' or '\0' or '#' or '-' or '?' or ':') throw new GiveUp();
            InlineNode(Column - 1);
            int save = _pos, saveLine = _line, saveStart = _lineStart;
            int next = NextContentLine();
            if (next == indent && At(_pos) == '-' && At(_pos + 1) is ' ' or '\n' or '\0') continue;
            if (next >= indent) throw new GiveUp();
            (_pos, _line, _lineStart) = (save, saveLine, saveStart);
            _b.Close();
            return;
        }
    }

    /// <summary>A one-line flow list or mapping, nested ones included.</summary>
    private void Flow()
    {
        char open = _t[_pos];
        bool map = open == '{';
        char close = map ? '}' : ']';
        _b.Open(map ? YamlNodeKind.Mapping : YamlNodeKind.Sequence, _line, Column, "");
        _pos++;
        SkipSpaces();
        if (At(_pos) == close)
        {
            _pos++;
            _b.Close();
            return;
        }
        while (true)
        {
            if (map)
            {
                if (At(_pos) is '[' or '{') throw new GiveUp();
                int keyColumn = Column;
                FlowScalar();
                if (!(At(_pos) == ':' && At(_pos + 1) == ' ') || Column - keyColumn > MaxImplicitKey) throw new GiveUp();
                _pos++;
                SkipSpaces();
            }
            if (At(_pos) is '[' or '{') Flow();
            else FlowScalar();
            SkipSpaces();
            char c = At(_pos);
            if (c == close)
            {
                _pos++;
                _b.Close();
                return;
            }
            if (c != ',') throw new GiveUp();
            _pos++;
            SkipSpaces();
            if (At(_pos) is ']' or '}') throw new GiveUp();
        }
    }

    private void FlowScalar()
    {
        int line = _line, column = Column;
        var (text, plain) = Scalar();
        if (plain && At(_pos) == ':' && At(_pos + 1) != ' ') throw new GiveUp();
        _b.AddScalar(line, column, "", text, plain);
    }

    private void SkipSpaces()
    {
        while (At(_pos) == ' ') _pos++;
    }

    /// <summary>
    /// A plain scalar of words (letters, digits and _ . + - /, single spaces between words) or a double-quoted
    /// string without escapes. It stops before anything else, which the caller then judges.
    /// </summary>
    private (string Text, bool Plain) Scalar()
    {
        int start = _pos;
        if (At(_pos) == '"')
        {
            int end = _pos + 1;
            while (end < _t.Length && _t[end] is not ('"' or '\\' or '\n' or '\r' or '\t')) end++;
            if (At(end) != '"') throw new GiveUp();
            _pos = end + 1;
            return (_t.Substring(start + 1, end - start - 1), false);
        }
        if (!char.IsAsciiLetterOrDigit(At(_pos)) && At(_pos) != '_') throw new GiveUp();
        while (true)
        {
            char c = At(_pos);
            if (IsWordChar(c)) _pos++;
            else if (c == ' ' && IsWordChar(At(_pos + 1))) _pos++;
            else break;
        }
        return (_t.Substring(start, _pos - start), true);
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '-' or '/';
}
