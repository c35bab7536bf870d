using System.Globalization;

namespace Bootemu.Core.Printk;

/// <summary>
/// The kernel's vsnprintf renderings that boot-memory log lines use. They differ from C#'s
/// (and glibc's) in small ways that matter for byte-exact output: <c>%#x</c> of 0 is <c>0x0</c>,
/// and a field width counts the <c>0x</c> prefix.
/// </summary>
public static class Printk
{
    /// <summary><c>%#0{width}Lx</c>: "0x" plus lowercase hex, zero-padded so the whole field is at least <paramref name="width"/> wide.</summary>
    public static string AltHex(ulong value, int width = 0)
    {
        string digits = value.ToString("x", CultureInfo.InvariantCulture);
        int pad = width - 2 - digits.Length;
        return pad > 0 ? "0x" + new string('0', pad) + digits : "0x" + digits;
    }

    /// <summary><c>%#x</c>: "0x" plus lowercase hex, no padding (0 prints "0x0").</summary>
    public static string AltHex(long value) => AltHex(unchecked((ulong)value));

    /// <summary><c>%pa</c> / <c>%pap</c>: "0x" plus exactly 16 lowercase hex digits.</summary>
    public static string Pa(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary><c>[mem %#010Lx-%#010Lx]</c>, the short form used by SRAT, NUMA and NODE_DATA lines.</summary>
    public static string Mem10(ulong start, ulong endInclusive) => $"[mem {AltHex(start, 10)}-{AltHex(endInclusive, 10)}]";

    /// <summary><c>[mem %#018Lx-%#018Lx]</c>, the long form used by e820 and zone lines.</summary>
    public static string Mem18(ulong start, ulong endInclusive) => $"[mem {AltHex(start, 18)}-{AltHex(endInclusive, 18)}]";

    /// <summary><c>%02x</c> and friends: zero-padded lowercase hex without prefix.</summary>
    public static string Hex(ulong value, int digits) => value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
