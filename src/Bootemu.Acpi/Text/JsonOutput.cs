using System.Text.Json;
using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Acpi.Text;

/// <summary>Shared pieces of the ACPI tables' JSON forms (written with bootemu's one <see cref="IndentedJson"/>): hex values and the header object.</summary>
internal static class JsonOutput
{
    public static void Hex(Utf8JsonWriter w, string name, ulong value) => w.WriteString(name, TextFormat.Hex(value));

    /// <summary>The header as found: the checksum byte the table holds and whether it is right.</summary>
    public static void Header(Utf8JsonWriter w, AcpiTableHeader h, byte[] table)
    {
        w.WriteStartObject("header");
        w.WriteString("signature", h.Signature);
        w.WriteNumber("length", table.Length);
        w.WriteNumber("revision", h.Revision);
        Hex(w, "checksum", table[9]);
        w.WriteBoolean("checksum_ok", h.Checksum is null);
        w.WriteString("oem_id", h.OemId);
        w.WriteString("oem_table_id", h.OemTableId);
        Hex(w, "oem_revision", h.OemRevision);
        w.WriteString("creator_id", h.CreatorId);
        Hex(w, "creator_revision", h.CreatorRevision);
        w.WriteEndObject();
    }
}
