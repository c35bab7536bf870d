using YamlDotNet.Core;

namespace Bootemu.Core.Yaml;

/// <summary>
/// Loads user-written YAML (fixtures, scenarios, scripts) into a tree whose every node knows its
/// line and column, so every error can say where it is. Anchors and aliases are refused outright:
/// none of bootemu's formats needs them, and refusing them closes the "billion laughs" size blow-up.
/// The text is read in a single pass (see <see cref="YamlTreeBuilder"/>), so megabytes of generated
/// tables load in well under a second.
/// </summary>
public static class YamlInput
{
    /// <summary>
    /// The deepest nesting of lists and mappings accepted. bootemu's formats need at most five levels; YamlDotNet's
    /// parser slows with depth (100,000 open brackets take minutes), so a deeper document is refused where it passes this.
    /// </summary>
    public const int MaxDepth = 64;

    public static YamlValue Load(string text, string sourceName)
    {
        InputFile.CheckSize(text, sourceName);
        var (document, root) = YamlTreeBuilder.Build(text, sourceName);
        return new YamlValue(document, root);
    }

    public static YamlValue LoadFile(string path) => Load(InputFile.ReadText(path), path);

    internal static string Where(string source, Mark mark) => $"{source}:{mark.Line}:{mark.Column}";

    internal static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...): "; the location is already ours.
        int i = message.LastIndexOf("): ", StringComparison.Ordinal);
        string m = i >= 0 ? message[(i + 3)..] : message;
        return "malformed YAML: " + m.Replace('\n', ' ').Trim();
    }
}
