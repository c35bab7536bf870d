using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bootemu.Core.Yaml;

/// <summary>
/// Loads user-written YAML (fixtures, scenarios, scripts) into a tree whose every node knows its
/// line and column, so every error can say where it is. Anchors and aliases are refused outright:
/// none of bootemu's formats needs them, and refusing them closes the "billion laughs" size blow-up.
/// </summary>
public static class YamlInput
{
    public static YamlValue Load(string text, string sourceName)
    {
        RejectAliases(text, sourceName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException(Where(sourceName, e.Start), Clean(e.Message));
        }
        if (stream.Documents.Count == 0)
            throw new InputException($"{sourceName}:1:1", "the YAML document is empty");
        if (stream.Documents.Count > 1)
            throw new InputException(Where(sourceName, stream.Documents[1].RootNode.Start), "only one YAML document is allowed");
        return new YamlValue(stream.Documents[0].RootNode, sourceName);
    }

    public static YamlValue LoadFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read: {e.Message}");
        }
        return Load(text, path);
    }

    internal static string Where(string source, Mark mark) => $"{source}:{mark.Line}:{mark.Column}";

    private static void RejectAliases(string text, string sourceName)
    {
        var parser = new Parser(new StringReader(text));
        var lastGood = new Mark();
        try
        {
            while (parser.MoveNext())
            {
                lastGood = parser.Current!.End;
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        throw new InputException(Where(sourceName, alias.Start), $"YAML alias *{alias.Value} is not allowed (anchors and aliases are refused)");
                    case NodeEvent { Anchor.IsEmpty: false } node:
                        throw new InputException(Where(sourceName, node.Start), $"YAML anchor &{node.Anchor} is not allowed (anchors and aliases are refused)");
                }
            }
        }
        catch (YamlException e)
        {
            throw new InputException(Where(sourceName, e.Start), Clean(e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails without a mark; the last event it did read is the best place to point at.
            throw new InputException(Where(sourceName, lastGood), "malformed YAML: unterminated or invalid construct after this point");
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...): "; the location is already ours.
        int i = message.LastIndexOf("): ", StringComparison.Ordinal);
        string m = i >= 0 ? message[(i + 3)..] : message;
        return "malformed YAML: " + m.Replace('\n', ' ').Trim();
    }
}
