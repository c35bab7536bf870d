using System.Text.Json;
using Bootemu.Acpi.Srat;
using Bootemu.Core;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Text;

/// <summary>
/// Writes an SRAT as JSON: addresses and ids as "0x" hex strings, flags as named booleans (plus the raw word),
/// each entry with its byte offset, length, type number and kind (the same kind names as the YAML form).
/// </summary>
public static class SratJsonWriter
{
    public static string Write(SratTable srat)
    {
        byte[] table = srat.Encode();
        return IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            JsonOutput.Header(w, srat.Header, table);
            w.WriteNumber("table_revision", srat.TableRevision);
            JsonOutput.Hex(w, "reserved", srat.Reserved);
            w.WriteStartArray("entries");
            foreach (var s in srat.Subtables) Entry(w, s);
            w.WriteEndArray();
            if (srat.UndecodedReason is { } reason)
            {
                w.WriteStartObject("undecoded");
                w.WriteNumber("offset", srat.UndecodedOffset);
                w.WriteNumber("length", srat.Undecoded.Length);
                w.WriteString("reason", reason);
                w.WriteString("bytes", TextFormat.HexBytes(srat.Undecoded.AsSpan()));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    private static void Entry(Utf8JsonWriter w, SratSubtable s)
    {
        w.WriteStartObject();
        w.WriteNumber("offset", s.Offset);
        w.WriteNumber("length", s.DeclaredLength);
        w.WriteNumber("type", (byte)s.Type);
        if (s is UnknownSubtable u)
        {
            w.WriteString("kind", "raw");
            w.WriteString("bytes", TextFormat.HexBytes(u.Body.AsSpan()));
        }
        else
            Fields(w, s);
        if (s is not UnknownSubtable && !s.Extra.IsEmpty) w.WriteString("extra", TextFormat.HexBytes(s.Extra.AsSpan()));
        w.WriteEndObject();
    }

    private static void Fields(Utf8JsonWriter w, SratSubtable s)
    {
        var description = s.Description!;
        w.WriteString("kind", description.Key);
        foreach (var field in description.Fields)
        {
            ulong value = (ulong)field.Get(s);
            switch (field.Kind)
            {
                case SratFieldKind.ProximityDomain or SratFieldKind.ClockDomain:
                    w.WriteNumber(field.JsonKey, value);
                    break;
                case SratFieldKind.Id or SratFieldKind.Address or SratFieldKind.Optional or SratFieldKind.Reserved:
                    JsonOutput.Hex(w, field.JsonKey, value);
                    break;
                case SratFieldKind.Flags:
                    JsonOutput.Hex(w, field.JsonKey, value);
                    foreach (var bit in field.Bits) w.WriteBoolean(bit.Key, (value & bit.Bit) != 0);
                    break;
                case SratFieldKind.DeviceHandle:
                    Handle(w, (GenericAffinity)s);
                    break;
                case SratFieldKind.DeviceHandleType:
                    break; // written inside the handle
            }
        }
    }

    private static void Handle(Utf8JsonWriter w, GenericAffinity g)
    {
        var h = g.DeviceHandle;
        w.WriteStartObject("device_handle");
        w.WriteNumber("type", (byte)g.DeviceHandleType);
        if (g.DeviceHandleType == DeviceHandleType.Acpi)
        {
            w.WriteString("hid", h.Hid.TrimEnd('\0'));
            JsonOutput.Hex(w, "uid", h.Uid);
        }
        else if (g.DeviceHandleType == DeviceHandleType.Pci)
        {
            JsonOutput.Hex(w, "segment", h.PciSegment);
            JsonOutput.Hex(w, "bus", (ulong)h.PciBdf >> 8);
            JsonOutput.Hex(w, "device", (ulong)(h.PciBdf >> 3) & 0x1f);
            w.WriteNumber("function", h.PciBdf & 7);
        }
        w.WriteString("bytes", TextFormat.HexBytes(h.ToArray()));
        w.WriteEndObject();
    }
}
