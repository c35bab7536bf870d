using System.Globalization;

namespace Bootemu.Machine.Logs;

/// <summary>
/// Reading a saved kernel log (dmesg, a serial console capture, journalctl -k): lines with or
/// without <c>[    0.000000] </c> timestamps, <c>&lt;6&gt;</c> level prefixes, CR-LF endings or
/// terminal escape sequences in front. Finds a kernel message by what it starts with, wherever it sits on its line.
/// </summary>
internal static class KernelLogText
{
    /// <summary>A line of the text (1-based number) and the message from <paramref name="marker"/> on, trailing CR and spaces kept as they are.</summary>
    public readonly record struct Hit(int LineNumber, string Message);

    /// <summary>
    /// Every line holding <paramref name="marker"/>, cut to start there, in order. A log may hold a
    /// boot twice (a serial capture followed by a dmesg dump of the same boot): only the first boot is
    /// read, the second starting where the <paramref name="bootStart"/> line appears again (x86 prints
    /// "Command line: " once per boot, first thing after "Linux version"; the later "Kernel command
    /// line: " has a lower-case c and does not count).
    /// </summary>
    public static IEnumerable<Hit> Find(string text, string marker, string bootStart = "Command line: ")
    {
        int lineNumber = 0;
        bool bootSeen = false;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Contains(bootStart, StringComparison.Ordinal))
            {
                if (bootSeen) yield break;
                bootSeen = true;
            }
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) yield return new Hit(lineNumber, line[at..]);
        }
    }

    /// <summary>Parses "0x..." (any number of hex digits) to a ulong.</summary>
    public static bool TryHex(string text, out ulong value)
    {
        value = 0;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.Length > 2
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads "[mem 0xSTART-0xEND]" at the start of <paramref name="text"/>: an inclusive range; returns the rest after ']'.</summary>
    public static bool TryMemRange(string text, out ulong start, out ulong endInclusive, out string rest)
    {
        start = endInclusive = 0;
        rest = "";
        if (!text.StartsWith("[mem ", StringComparison.Ordinal)) return false;
        int close = text.IndexOf(']');
        if (close < 0) return false;
        string body = text[5..close];
        int dash = body.IndexOf('-');
        if (dash < 0) return false;
        if (!TryHex(body[..dash], out start) || !TryHex(body[(dash + 1)..], out endInclusive)) return false;
        rest = text[(close + 1)..];
        return true;
    }
}
