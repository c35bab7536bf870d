using System.Collections.Immutable;
using System.Globalization;
using Bootemu.Acpi.Tables;
using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Acpi.Text;

/// <summary>Typed field readers shared by the SRAT and SLIT YAML forms; every error names the YAML line and column.</summary>
internal static class YamlFields
{
    /// <summary>An optional unsigned number no larger than <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static ulong Number(YamlMap map, string key, ulong max, ulong fallback = 0)
    {
        if (map.Optional(key) is not YamlValue v) return fallback;
        ulong value = v.AsU64();
        if (value > max) throw v.Error($"{key} {v.AsString()} is too large (at most 0x{max:x})");
        return value;
    }

    public static bool Flag(YamlMap map, string key) => map.Optional(key) is YamlValue v && v.AsBool();

    /// <summary>A text field of exactly <paramref name="width"/> bytes; shorter text is padded with spaces, as firmware does.</summary>
    public static string FixedText(YamlMap map, string key, int width, string fallback)
    {
        if (map.Optional(key) is not YamlValue v) return fallback.PadRight(width);
        string text = v.AsString();
        if (text.Length > width) throw v.Error($"{key} {InputText.Quote(text)} is longer than {width} characters");
        foreach (char c in text)
            if (c > 0xff) throw v.Error($"{key} {InputText.Quote(text)} holds a character that is not a single byte");
        return text.PadRight(width);
    }

    /// <summary>Hex bytes written as pairs, optionally separated by spaces ("00 1f 2e" or "001f2e").</summary>
    public static ImmutableArray<byte> Bytes(YamlValue value)
    {
        string text = value.AsString();
        var digits = new List<char>(text.Length);
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (!Uri.IsHexDigit(c)) throw value.Error($"{InputText.Quote(c.ToString())} is not a hex digit (bytes are written as hex pairs, like \"0a 1b\")");
            digits.Add(c);
        }
        if (digits.Count % 2 != 0) throw value.Error("odd number of hex digits (bytes are written as hex pairs)");
        var bytes = new byte[digits.Count / 2];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = byte.Parse(string.Concat(digits[2 * i], digits[2 * i + 1]), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return ImmutableArray.Create(bytes);
    }

    public static ImmutableArray<byte> OptionalBytes(YamlMap map, string key) =>
        map.Optional(key) is YamlValue v ? Bytes(v) : ImmutableArray<byte>.Empty;

    /// <summary>
    /// The header block shared by SRAT and SLIT: every field optional, with the defaults bootemu's own tables use.
    /// A checksum is only given to write a deliberately wrong one.
    /// </summary>
    public static AcpiTableHeader Header(YamlMap? map, string signature, byte defaultRevision)
    {
        if (map is null)
            return new AcpiTableHeader(signature, 0, defaultRevision, null, "BOOTEM", "BOOTEMU ", 1, "BEMU", 1);
        if (map.Optional("signature") is YamlValue sig && sig.AsString() != signature)
            throw sig.Error($"signature {InputText.Quote(sig.AsString())} does not match the table kind; expected \"{signature}\"");
        var header = new AcpiTableHeader(
            signature,
            0,
            (byte)Number(map, "revision", byte.MaxValue, defaultRevision),
            map.Optional("checksum") is YamlValue c ? (byte)Checked(c, "checksum", byte.MaxValue) : null,
            FixedText(map, "oem_id", 6, "BOOTEM"),
            FixedText(map, "oem_table_id", 8, "BOOTEMU"),
            (uint)Number(map, "oem_revision", uint.MaxValue, 1),
            FixedText(map, "creator_id", 4, "BEMU"),
            (uint)Number(map, "creator_revision", uint.MaxValue, 1));
        map.RejectUnknownKeys();
        return header;
    }

    private static ulong Checked(YamlValue v, string key, ulong max)
    {
        ulong value = v.AsU64();
        if (value > max) throw v.Error($"{key} {v.AsString()} is too large (at most 0x{max:x})");
        return value;
    }

    /// <summary>The single key of a one-key mapping such as <c>- memory: {...}</c>.</summary>
    public static (string Kind, YamlValue Body) Tagged(YamlValue item, string what)
    {
        var map = item.AsMap();
        if (map.Count != 1)
            throw item.Error($"each {what} is a mapping with exactly one key naming its kind, found {map.Count} keys");
        var (kind, _, body) = map.Entries.First();
        return (kind, body);
    }

    /// <summary>A body that may be empty (<c>- apic:</c> with every field defaulted).</summary>
    public static YamlMap? OptionalMap(YamlValue body) => body.IsNull ? null : body.AsMap();

    public static InputException Error(YamlValue at, string message) => at.Error(message);
}
