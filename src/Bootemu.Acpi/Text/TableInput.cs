using System.Text;
using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Acpi.Text;

/// <summary>The three forms a table file comes in.</summary>
public enum TableInputKind
{
    /// <summary>The raw table, as in /sys/firmware/acpi/tables/SRAT.</summary>
    Binary,
    /// <summary>The text acpidump prints, possibly holding many tables.</summary>
    AcpiDump,
    /// <summary>bootemu's YAML form.</summary>
    Yaml,
}

/// <summary>A table read from a file: its bytes, the file's form, how to name places in it, and the acpidump text it came from, if any.</summary>
public sealed record TableFile(byte[] Bytes, TableInputKind Kind, string Where, AcpiDump? Dump);

/// <summary>Reads a table file in any of its forms, telling them apart by content.</summary>
public static class TableInput
{
    /// <summary>Binary when the data starts with the signature; acpidump when it holds a "SIG @ 0x..." line; YAML otherwise.</summary>
    public static TableInputKind Detect(ReadOnlySpan<byte> data, string signature)
    {
        // `acpidump -n SRAT` output also starts with the signature, followed by " @ 0x<address>".
        bool startsWithSignature = data.Length >= 4 && data[..4].SequenceEqual(Encoding.ASCII.GetBytes(signature));
        if (startsWithSignature && !data[4..].StartsWith(" @ "u8)) return TableInputKind.Binary;
        if (data.IndexOf((byte)0) >= 0) return TableInputKind.Binary;
        return AcpiDump.Looks(Encoding.UTF8.GetString(data)) ? TableInputKind.AcpiDump : TableInputKind.Yaml;
    }

    /// <summary>
    /// The table bytes in <paramref name="path"/>: the file itself, the table picked out of an acpidump text, or the
    /// YAML form encoded by <paramref name="encodeYaml"/>. Also returns how to name places in the table in messages.
    /// </summary>
    /// <param name="referredFrom">where the file is named (a fixture's line and column), for a file that cannot be read; default: the path.</param>
    public static (byte[] Bytes, TableInputKind Kind, string Where) Load(string path, string signature, Func<YamlValue, byte[]> encodeYaml,
        string? referredFrom = null)
    {
        var file = Read(path, signature, encodeYaml, referredFrom);
        return (file.Bytes, file.Kind, file.Where);
    }

    /// <summary>
    /// <see cref="Load"/> that also keeps, for acpidump text, the whole dump: the table taken is the first of its
    /// signature, and <see cref="AcpiDump.Instances"/> tells whether there are more.
    /// </summary>
    public static TableFile Read(string path, string signature, Func<YamlValue, byte[]> encodeYaml, string? referredFrom = null)
    {
        byte[] data = InputFile.ReadBytes(path, referredFrom);
        var kind = Detect(data, signature);
        switch (kind)
        {
            case TableInputKind.Binary:
                return new TableFile(data, kind, path, null);
            case TableInputKind.AcpiDump:
                var dump = AcpiDump.Parse(Encoding.UTF8.GetString(data), path);
                var table = dump.Table(signature);
                return new TableFile(table.Bytes, kind, $"{path}:{table.Line} ({signature} table)", dump);
            default:
                return new TableFile(encodeYaml(YamlInput.Load(Encoding.UTF8.GetString(data), path)), kind, path, null);
        }
    }

    /// <summary>Runs <paramref name="read"/> on table bytes, putting <paramref name="where"/> in front of a byte-offset error.</summary>
    public static T At<T>(string where, Func<T> read)
    {
        try { return read(); }
        catch (InputException e) when (e.Location.StartsWith("offset ", StringComparison.Ordinal))
        {
            throw new InputException($"{where}: {e.Location}", e.Message);
        }
    }

    public static byte[] ReadAll(string path) => InputFile.ReadBytes(path);
}
