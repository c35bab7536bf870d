using System.Text;
using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Text;

/// <summary>Small renderings shared by the YAML, JSON and listing writers.</summary>
internal static class TextFormat
{
    /// <summary>"0x" plus lowercase hex.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x");

    /// <summary>Bytes as space-separated lowercase hex pairs.</summary>
    public static string HexBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(b.ToString("x2"));
        }
        return sb.ToString();
    }

    /// <summary>
    /// A YAML key holding bytes as a literal block of hex pairs, 16 to a line, with <paramref name="comment"/> after
    /// the block indicator (<see cref="YamlFields.Bytes"/> reads it back, ignoring the line breaks).
    /// </summary>
    public static void YamlByteBlock(StringBuilder sb, string key, ReadOnlySpan<byte> bytes, string comment)
    {
        sb.Append($"{key}: |  # {comment}\n");
        for (int i = 0; i < bytes.Length; i += 16)
            sb.Append("  ").Append(HexBytes(bytes.Slice(i, Math.Min(16, bytes.Length - i)))).Append('\n');
    }

    /// <summary>A YAML double-quoted scalar; bytes outside printable ASCII are written as \xNN so they read back exactly.</summary>
    public static string YamlQuote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c is >= ' ' and < (char)0x7f) sb.Append(c);
            else sb.Append($"\\x{(int)c:x2}");
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The header block of the YAML forms.</summary>
    public static void YamlHeader(StringBuilder sb, AcpiTableHeader header, Func<byte[]> encode)
    {
        sb.Append("header:\n");
        sb.Append($"  signature: {header.Signature}\n");
        sb.Append($"  revision: {header.Revision}\n");
        sb.Append($"  oem_id: {YamlQuote(header.OemId)}\n");
        sb.Append($"  oem_table_id: {YamlQuote(header.OemTableId)}\n");
        sb.Append($"  oem_revision: {Hex(header.OemRevision)}\n");
        sb.Append($"  creator_id: {YamlQuote(header.CreatorId)}\n");
        sb.Append($"  creator_revision: {Hex(header.CreatorRevision)}\n");
        // Only a table whose checksum is wrong is encoded again, to name the right one.
        if (header.Checksum is byte wrong)
            sb.Append($"  checksum: 0x{wrong:x2}  # wrong on purpose: the correct checksum is 0x{AcpiTableCodec.ExpectedChecksum(encode()):x2}\n");
    }
}
