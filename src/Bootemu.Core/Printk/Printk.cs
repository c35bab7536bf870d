using System.Globalization;

namespace Bootemu.Core.Printk;

/// <summary>
/// The kernel's vsnprintf renderings that boot-memory log lines use. They differ from C#'s
/// (and glibc's) in small ways that matter for byte-exact output: <c>%#x</c> of 0 is <c>0x0</c>,
/// and a field width counts the <c>0x</c> prefix. Large machines print tens of thousands of these
/// lines, so each is built in one allocation.
/// </summary>
public static class Printk
{
    /// <summary><c>%#0{width}Lx</c>: "0x" plus lowercase hex, zero-padded so the whole field is at least <paramref name="width"/> wide.</summary>
    public static string AltHex(ulong value, int width = 0)
    {
        int len = AltHexLength(value, width);
        return string.Create(len, (value, len), static (span, s) => WriteAltHex(span, s.value, s.len));
    }

    /// <summary><c>%pa</c> / <c>%pap</c>: "0x" plus exactly 16 lowercase hex digits.</summary>
    public static string Pa(ulong value) => AltHex(value, 18);

    /// <summary><c>[mem %#010Lx-%#010Lx]</c>, the short form used by SRAT, NUMA and NODE_DATA lines.</summary>
    public static string Mem10(ulong start, ulong endInclusive) => MemRange(start, endInclusive, 10);

    /// <summary><c>[mem %#018Lx-%#018Lx]</c>, the long form used by e820 and zone lines.</summary>
    public static string Mem18(ulong start, ulong endInclusive) => MemRange(start, endInclusive, 18);

    /// <summary><c>%02x</c> and friends: zero-padded lowercase hex without prefix.</summary>
    public static string Hex(ulong value, int digits) => value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string MemRange(ulong start, ulong end, int width)
    {
        int a = AltHexLength(start, width), b = AltHexLength(end, width);
        // "[mem " + start + "-" + end + "]"
        return string.Create(5 + a + 1 + b + 1, (start, end, a, b), static (span, s) =>
        {
            "[mem ".AsSpan().CopyTo(span);
            WriteAltHex(span.Slice(5, s.a), s.start, s.a);
            span[5 + s.a] = '-';
            WriteAltHex(span.Slice(6 + s.a, s.b), s.end, s.b);
            span[^1] = ']';
        });
    }

    private static int HexDigits(ulong value) => value == 0 ? 1 : (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 3) / 4;

    private static int AltHexLength(ulong value, int width) => Math.Max(2 + HexDigits(value), width);

    private static void WriteAltHex(Span<char> span, ulong value, int len)
    {
        span[0] = '0';
        span[1] = 'x';
        for (int i = len - 1; i >= 2; i--)
        {
            span[i] = "0123456789abcdef"[(int)(value & 0xf)];
            value >>= 4;
        }
    }
}
