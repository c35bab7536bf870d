using System.Text;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Machine;

/// <summary>The fixture's <c>srat:</c> and <c>slit:</c> keys: inline YAML, or <c>{file: path}</c> to a binary table or acpidump text.</summary>
internal static class FixtureTables
{
    public static ReadOnlyMemory<byte> Srat(YamlValue node, string baseDirectory)
    {
        if (FileReference(node) is { } file)
            return SratFile(FileInput.Resolve(baseDirectory, file.Path), file.Where);
        return SratYaml.Read(node).Encode();
    }

    public static ReadOnlyMemory<byte> Slit(YamlValue node, string baseDirectory)
    {
        if (FileReference(node) is { } file)
            return SlitFile(FileInput.Resolve(baseDirectory, file.Path), file.Where);
        throw node.Error("slit: give {file: path} (a binary SLIT or acpidump text)");
    }

    public static byte[] SratFile(string path, string where) => TableFile(path, where, "SRAT");

    public static byte[] SlitFile(string path, string where) => TableFile(path, where, "SLIT");

    /// <summary>A binary table (its first four bytes are the signature) or acpidump text holding it.</summary>
    private static byte[] TableFile(string path, string where, string signature)
    {
        byte[] bytes = FileInput.ReadBytes(path, where);
        if (bytes.Length >= 4 && Encoding.ASCII.GetString(bytes, 0, 4) == signature) return bytes;
        string text = Encoding.UTF8.GetString(bytes);
        if (text.Contains(" @ 0x", StringComparison.Ordinal))
            return AcpiDumpTables.Find(text, signature, path) ?? throw new InputException(where, $"the acpidump text '{path}' has no {signature} table");
        string found = bytes.Length >= 4 ? Encoding.Latin1.GetString(bytes, 0, 4) : $"{bytes.Length} bytes";
        throw new InputException(where, $"'{path}' is neither a binary {signature} (it starts with '{AcpiPrintable(found)}') nor acpidump text");
    }

    private static string AcpiPrintable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '.').ToArray());

    /// <summary>A <c>{file: path}</c> mapping (and nothing else), or null for inline content.</summary>
    private static (string Path, string Where)? FileReference(YamlValue node)
    {
        if (!node.IsMap) return null;
        var map = node.AsMap();
        if (!map.Has("file")) return null;
        var file = map.Required("file");
        map.RejectUnknownKeys();
        return (file.AsString(), file.Location);
    }
}
