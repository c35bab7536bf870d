namespace Bootemu.Machine.CommandLine;

/// <summary>
/// The kernel's lenient number readers from lib/vsprintf.c and lib/cmdline.c, quirks included:
/// base 0 means a <c>0x</c> prefix is hex and a leading <c>0</c> is octal; no sign; the value
/// silently wraps on overflow; reading stops at the first character that is not a digit.
/// </summary>
public static class KernelNumber
{
    /// <summary>
    /// simple_strtoull(s, &amp;end, 0) from <paramref name="start"/>: returns the value and sets
    /// <paramref name="end"/> to the index after the last digit read (equal to <paramref name="start"/> when none was).
    /// </summary>
    public static ulong SimpleStrtoull(string s, int start, out int end) => SimpleStrtoull(s, start, out end, out _);

    /// <summary>As <see cref="SimpleStrtoull(string, int, out int)"/>, also telling whether the digits overflowed 64 bits (the kstrto* family refuses those).</summary>
    public static ulong SimpleStrtoull(string s, int start, out int end, out bool overflow)
    {
        overflow = false;
        int i = start;
        uint radix = 10;
        // _parse_integer_fixup_radix: "0x" counts as a hex prefix only when a hex digit follows.
        if (At(s, i) == '0')
        {
            if (char.ToLowerInvariant(At(s, i + 1)) == 'x' && Uri.IsHexDigit(At(s, i + 2)))
            {
                radix = 16;
                i += 2;
            }
            else radix = 8;
        }
        ulong value = 0;
        int digitsStart = i;
        for (; i < s.Length; i++)
        {
            uint digit = DigitValue(s[i]);
            if (digit >= radix) break;
            if (value > (ulong.MaxValue - digit) / radix) overflow = true;
            value = unchecked(value * radix + digit);
        }
        // With a hex prefix but no digit, nothing was read; base 8 and 10 read at least the '0'.
        end = i == digitsStart && radix == 16 ? start : i;
        return value;
    }

    /// <summary>
    /// memparse: simple_strtoull then at most one size suffix, K, M, G, T, P or E in either case
    /// (powers of 1024; the shift overflows silently). <paramref name="end"/> is the index after the suffix.
    /// </summary>
    public static ulong Memparse(string s, int start, out int end)
    {
        ulong value = SimpleStrtoull(s, start, out end);
        int shift = char.ToUpperInvariant(At(s, end)) switch
        {
            'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, 'P' => 50, 'E' => 60,
            _ => 0,
        };
        if (shift == 0) return value;
        end++;
        return value << shift;
    }

    /// <summary>memparse of a whole value, ignoring what follows (as most callers do).</summary>
    public static ulong Memparse(string s) => Memparse(s, 0, out _);

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static uint DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => (uint)(c - '0'),
        >= 'a' and <= 'z' => (uint)(c - 'a' + 10),
        >= 'A' and <= 'Z' => (uint)(c - 'A' + 10),
        _ => uint.MaxValue,
    };
}
