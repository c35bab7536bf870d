using System.Text;
using Bootemu.Acpi.Srat;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Text;

/// <summary>
/// Writes an SRAT in the YAML form <see cref="SratYaml"/> reads, one entry per line with its byte offset as a
/// comment. Everything needed for an exact round trip is written; reserved fields only when non-zero.
/// </summary>
public static class SratYamlWriter
{
    public static string Write(SratTable srat)
    {
        var sb = new StringBuilder();
        sb.Append("# ACPI SRAT (System Resource Affinity Table); offsets are byte offsets in the table\n");
        TextFormat.YamlHeader(sb, srat.Header, srat.Encode);
        sb.Append($"table_revision: {srat.TableRevision}\n");
        if (srat.Reserved != 0) sb.Append($"reserved: {TextFormat.Hex(srat.Reserved)}\n");
        sb.Append(srat.Subtables.IsEmpty ? "entries: []\n" : "entries:\n");
        foreach (var subtable in srat.Subtables)
        {
            var fields = new List<string>();
            // The YAML reader refuses a memory range past 2^64 (a typing mistake when written by hand); a table that
            // really holds one keeps it as a raw entry so it still reads back byte for byte.
            var written = subtable is MemoryAffinity { Wraps: true } wrapping ? Raw(wrapping) : subtable;
            string kind = Fields(written, fields);
            if (written is not UnknownSubtable && !written.Extra.IsEmpty)
                fields.Add($"extra: \"{TextFormat.HexBytes(written.Extra.AsSpan())}\"");
            sb.Append($"  - {kind}: {{{string.Join(", ", fields)}}}  # offset 0x{subtable.Offset:x}, length {subtable.DeclaredLength}\n");
        }
        if (srat.UndecodedReason is { } reason)
            TextFormat.YamlByteBlock(sb, "undecoded", srat.Undecoded.AsSpan(), $"offset 0x{srat.UndecodedOffset:x}, {srat.Undecoded.Length} bytes the subtable walk does not reach: {reason}");
        return sb.ToString();
    }

    private static string Fields(SratSubtable subtable, List<string> f)
    {
        if (subtable is UnknownSubtable u)
        {
            f.Add($"type: {(byte)u.RawType}");
            f.Add($"bytes: \"{TextFormat.HexBytes(u.Body.AsSpan())}\"");
            return "raw";
        }
        var description = subtable.Description!;
        foreach (var field in description.Fields)
        {
            ulong value = (ulong)field.Get(subtable);
            switch (field.Kind)
            {
                case SratFieldKind.ProximityDomain:
                    f.Add($"{field.Key}: {value}");
                    break;
                case SratFieldKind.Id or SratFieldKind.Address:
                    f.Add($"{field.Key}: {TextFormat.Hex(value)}");
                    break;
                case SratFieldKind.Flags:
                    foreach (var bit in field.Bits)
                    {
                        bool set = (value & bit.Bit) != 0;
                        if (set || !bit.YamlOnlyWhenSet) f.Add($"{bit.Key}: {Bool(set)}");
                    }
                    Other(f, (uint)value & ~field.NamedBits);
                    break;
                case SratFieldKind.ClockDomain or SratFieldKind.Optional or SratFieldKind.Reserved:
                    NonZero(f, field.Key, value);
                    break;
                case SratFieldKind.DeviceHandle:
                    f.Add(Handle((GenericAffinity)subtable));
                    break;
                case SratFieldKind.DeviceHandleType:
                    break; // written with the handle
            }
        }
        return description.Key;
    }

    private static UnknownSubtable Raw(SratSubtable subtable)
    {
        var bytes = new byte[subtable.DeclaredLength];
        subtable.WriteStructure(bytes.AsSpan(0, subtable.StructureLength));
        subtable.Extra.AsSpan().CopyTo(bytes.AsSpan(subtable.StructureLength));
        return new UnknownSubtable { RawType = (byte)subtable.Type, Body = [.. bytes.AsSpan(2)], Offset = subtable.Offset };
    }

    /// <summary>The friendliest handle form that still reads back to the same 16 bytes.</summary>
    private static string Handle(GenericAffinity g)
    {
        var h = g.DeviceHandle;
        if (g.DeviceHandleType == DeviceHandleType.Acpi && h.AcpiReserved == 0 && HidReadsBack(h.Hid))
            return $"acpi_device: {{hid: {TextFormat.YamlQuote(h.Hid.TrimEnd('\0'))}, uid: {TextFormat.Hex(h.Uid)}}}";
        if (g.DeviceHandleType == DeviceHandleType.Pci && h.PciReservedIsZero)
            return $"pci_device: {{segment: {TextFormat.Hex(h.PciSegment)}, bus: {TextFormat.Hex((ulong)h.PciBdf >> 8)}, device: {TextFormat.Hex((ulong)(h.PciBdf >> 3) & 0x1f)}, function: {h.PciBdf & 7}}}";
        return $"device_handle: {{type: {(byte)g.DeviceHandleType}, bytes: \"{TextFormat.HexBytes(h.ToArray())}\"}}";
    }

    // The acpi_device form pads the HID with NULs; it reads back exactly when the HID has no NUL before its end
    // and no trailing spaces (which the reader would trim).
    private static bool HidReadsBack(string hid)
    {
        string trimmed = hid.TrimEnd('\0');
        return trimmed.IndexOf('\0') < 0 && !trimmed.EndsWith(' ');
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static void Other(List<string> f, uint bits)
    {
        if (bits != 0) f.Add($"other_flags: {TextFormat.Hex(bits)}");
    }

    private static void NonZero(List<string> f, string key, ulong value)
    {
        if (value != 0) f.Add($"{key}: {TextFormat.Hex(value)}");
    }
}
