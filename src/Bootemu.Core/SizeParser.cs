using System.Globalization;

namespace Bootemu.Core;

/// <summary>
/// Strict parsing of sizes and addresses that users write in bootemu's own files:
/// decimal, 0x hex, optionally followed by one of K, M, G, T, P, E (powers of 1024).
/// (The kernel's lenient <c>memparse</c>, for the command line, lives with the boot options.)
/// </summary>
public static class SizeParser
{
    public static bool TryParse(string text, out ulong value, out string? error)
    {
        error = null;
        // Tables of a million cells are nearly all plain decimal or 0x hex; those need none of the checks below.
        if (TryPlainNumber(text, out value)) return true;
        value = 0;
        string t = text.Trim().Replace("_", "");
        if (t.Length == 0) { error = "expected a number, found nothing"; return false; }
        if (t.StartsWith('-')) { error = $"'{text}' is negative; addresses and sizes must be 0 or more"; return false; }
        int shift = 0;
        char last = char.ToUpperInvariant(t[^1]);
        bool hex = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        int suffix = "KMGTPE".IndexOf(last);
        if (suffix >= 0 && !(hex && last is 'E'))
        {
            shift = 10 * (suffix + 1);
            t = t[..^1];
        }
        bool ok = hex
            ? ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
        {
            bool digitsOnly = t.Length > (hex ? 2 : 0) && t[(hex ? 2 : 0)..].All(hex ? Uri.IsHexDigit : char.IsAsciiDigit);
            error = digitsOnly ? $"'{text}' does not fit in 64 bits" : $"'{text}' is not a number (use decimal, 0x hex, or a K/M/G/T suffix)";
            return false;
        }
        if (shift > 0)
        {
            if (value != 0 && (value > (ulong.MaxValue >> shift))) { error = $"'{text}' does not fit in 64 bits"; value = 0; return false; }
            value <<= shift;
        }
        return true;
    }

    /// <summary>Bare decimal (up to 19 digits) or 0x hex (up to 16 digits): no sign, spaces, underscores or suffix.</summary>
    private static bool TryPlainNumber(string text, out ulong value)
    {
        value = 0;
        bool hex = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X';
        var digits = hex ? text.AsSpan(2) : text.AsSpan();
        if (digits.Length == 0 || digits.Length > (hex ? 16 : 19)) return false;
        foreach (char c in digits)
        {
            int d = char.IsAsciiDigit(c) ? c - '0' : hex && char.IsAsciiHexDigit(c) ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) return false;
            value = hex ? value << 4 | (uint)d : value * 10 + (uint)d;
        }
        return true;
    }

    public static ulong Parse(string text, string location)
    {
        if (!TryParse(text, out ulong v, out string? why)) throw new InputException(location, why!);
        return v;
    }
}
