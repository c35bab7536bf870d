using System.Text;

namespace Bootemu.Core;

/// <summary>
/// Input text shown inside a one-line message. A message must stay one line on any input: newlines and other control
/// characters from the input are written as escapes, and a long piece is cut to a fixed length.
/// </summary>
public static class InputText
{
    /// <summary>How much of an input string a message shows by default.</summary>
    public const int DefaultMax = 60;

    /// <summary><paramref name="text"/> with control characters escaped (\n, \t, \xNN) and cut after <paramref name="max"/> characters ("..." marks the cut).</summary>
    public static string Escape(string text, int max = DefaultMax)
    {
        bool cut = text.Length > max;
        var shown = cut ? text.AsSpan(0, max) : text.AsSpan();
        bool clean = true;
        foreach (char c in shown) if (NeedsEscape(c)) { clean = false; break; }
        if (clean) return cut ? string.Concat(shown, "...") : text;

        var sb = new StringBuilder(shown.Length + 8);
        for (int i = 0; i < shown.Length; i++)
        {
            char c = shown[i];
            if (char.IsHighSurrogate(c) && i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1])) { sb.Append(c).Append(shown[++i]); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => c <= 0xff ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        if (cut) sb.Append("...");
        return sb.ToString();
    }

    /// <summary>The escaped text between single quotes, as messages quote a word of input (a quote inside is escaped too).</summary>
    public static string Quote(string text, int max = DefaultMax) => $"'{Escape(text, max).Replace("'", "\\'")}'";

    /// <summary>
    /// Characters a one-line message must not carry as they are: controls, lone surrogates, line and paragraph
    /// separators, and invisible format characters (zero-width marks, right-to-left overrides) that would hide or
    /// reorder the text around them.
    /// </summary>
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is
            System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
