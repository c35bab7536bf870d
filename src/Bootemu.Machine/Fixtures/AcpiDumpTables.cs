using System.Globalization;
using Bootemu.Core;

namespace Bootemu.Machine;

/// <summary>
/// Picks tables out of the text <c>acpidump</c> prints: blocks that open with <c>SIG @ 0xADDR</c>
/// followed by hex-dump lines <c>    OFFS: XX XX ...  ascii</c>.
/// </summary>
internal static class AcpiDumpTables
{
    public static (ReadOnlyMemory<byte>? Srat, ReadOnlyMemory<byte>? Slit) Read(string path)
    {
        string text = FileInput.ReadText(path, path);
        var srat = Find(text, "SRAT", path);
        if (srat is null) throw new InputException(path, "the acpidump text has no SRAT table");
        return (srat, Find(text, "SLIT", path));
    }

    /// <summary>The bytes of the first table with <paramref name="signature"/>, or null.</summary>
    public static byte[]? Find(string text, string signature, string source)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string head = lines[i].Trim();
            if (!head.StartsWith(signature + " @ ", StringComparison.Ordinal)) continue;
            var bytes = new List<byte>();
            for (int j = i + 1; j < lines.Length; j++)
            {
                string line = lines[j].Trim();
                if (line.Length == 0) { if (bytes.Count > 0) break; continue; }
                int colon = line.IndexOf(':');
                if (colon <= 0 || !ulong.TryParse(line.AsSpan(0, colon), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong offset))
                    break;
                if (offset != (ulong)bytes.Count)
                    throw new InputException($"{source}:{j + 1}", $"acpidump line offset {line[..colon]} does not follow the {bytes.Count} bytes before it");
                // Up to 16 two-digit groups, then two spaces and the ASCII column.
                string body = line[(colon + 1)..];
                int ascii = body.IndexOf("  ", 1, StringComparison.Ordinal);
                foreach (var group in (ascii > 0 ? body[..ascii] : body).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (group.Length != 2 || !byte.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                        throw new InputException($"{source}:{j + 1}", $"'{group}' is not a hex byte in the acpidump dump of {signature}");
                    bytes.Add(b);
                }
            }
            return bytes.ToArray();
        }
        return null;
    }
}
