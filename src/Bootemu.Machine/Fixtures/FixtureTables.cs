using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Machine.Fixtures;

/// <summary>
/// The fixture's <c>srat:</c> and <c>slit:</c> keys: the table inline in the Acpi project's YAML form,
/// or <c>{file: path}</c> to a binary table, acpidump text or a YAML file of the table.
/// </summary>
internal static class FixtureTables
{
    public static ReadOnlyMemory<byte> Srat(YamlValue node, string baseDirectory) =>
        FileReference(node) is { } file
            ? SratFile(FileInput.Resolve(baseDirectory, file.Path), file.Where)
            : SratYaml.Read(node).Encode();

    public static ReadOnlyMemory<byte> Slit(YamlValue node, string baseDirectory) =>
        FileReference(node) is { } file
            ? SlitFile(FileInput.Resolve(baseDirectory, file.Path), file.Where)
            : SlitYaml.Read(node).Encode();

    public static byte[] SratFile(string path, string where) => TableFile(path, where, "SRAT", y => SratYaml.Read(y).Encode());

    public static byte[] SlitFile(string path, string where) => TableFile(path, where, "SLIT", y => SlitYaml.Read(y).Encode());

    private static byte[] TableFile(string path, string where, string signature, Func<YamlValue, byte[]> encodeYaml)
    {
        // A file that cannot be read is reported where the fixture names it; TableInput reports problems inside the file.
        return TableInput.Load(path, signature, encodeYaml, where).Bytes;
    }

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
