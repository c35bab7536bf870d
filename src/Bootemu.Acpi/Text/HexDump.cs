using System.Text;

namespace Bootemu.Acpi.Text;

/// <summary>
/// The 16-bytes-a-line hex dump ACPICA's tools print (<c>acpi_ut_dump_buffer</c> style): "    0000: 53 52 ..."
/// followed by the printable characters. iasl's listing puts "// " before the characters, acpidump does not.
/// </summary>
internal static class HexDump
{
    public static void Write(StringBuilder sb, ReadOnlySpan<byte> bytes, string asciiPrefix)
    {
        for (int line = 0; line < bytes.Length; line += 16)
        {
            var chunk = bytes.Slice(line, Math.Min(16, bytes.Length - line));
            sb.Append("    ").Append(line.ToString("X4")).Append(':');
            foreach (byte b in chunk) sb.Append(' ').Append(b.ToString("X2"));
            sb.Append(' ', (16 - chunk.Length) * 3 + 2).Append(asciiPrefix);
            foreach (byte b in chunk) sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            sb.Append('\n');
        }
    }
}
