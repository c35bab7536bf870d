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
        switch (subtable)
        {
            case ProcessorApicAffinity a:
                f.Add($"pxm: {a.ProximityDomain}");
                f.Add($"apic_id: {TextFormat.Hex(a.ApicId)}");
                f.Add($"enabled: {Bool(a.Enabled)}");
                Other(f, (uint)a.Flags & ~1u);
                NonZero(f, "sapic_eid", a.LocalSapicEid);
                NonZero(f, "clock_domain", a.ClockDomain);
                return "apic";
            case MemoryAffinity m:
                f.Add($"pxm: {m.ProximityDomain}");
                f.Add($"base: {TextFormat.Hex(m.BaseAddress)}");
                f.Add($"length: {TextFormat.Hex(m.Length)}");
                f.Add($"enabled: {Bool(m.Enabled)}");
                f.Add($"hotpluggable: {Bool(m.HotPluggable)}");
                f.Add($"nonvolatile: {Bool(m.NonVolatile)}");
                if (m.SpecificPurpose) f.Add("specific_purpose: true");
                Other(f, (uint)m.Flags & ~0xfu);
                NonZero(f, "reserved1", m.Reserved1);
                NonZero(f, "reserved2", m.Reserved2);
                NonZero(f, "reserved3", m.Reserved3);
                return "memory";
            case ProcessorX2ApicAffinity x:
                f.Add($"pxm: {x.ProximityDomain}");
                f.Add($"x2apic_id: {TextFormat.Hex(x.X2ApicId)}");
                f.Add($"enabled: {Bool(x.Enabled)}");
                Other(f, (uint)x.Flags & ~1u);
                NonZero(f, "clock_domain", x.ClockDomain);
                NonZero(f, "reserved1", x.Reserved1);
                NonZero(f, "reserved2", x.Reserved2);
                return "x2apic";
            case GiccAffinity g:
                f.Add($"pxm: {g.ProximityDomain}");
                f.Add($"processor_uid: {TextFormat.Hex(g.AcpiProcessorUid)}");
                f.Add($"enabled: {Bool(g.Enabled)}");
                Other(f, (uint)g.Flags & ~1u);
                NonZero(f, "clock_domain", g.ClockDomain);
                return "gicc";
            case GicItsAffinity i:
                f.Add($"pxm: {i.ProximityDomain}");
                f.Add($"its_id: {TextFormat.Hex(i.ItsId)}");
                NonZero(f, "reserved", i.Reserved);
                return "gic_its";
            case GenericAffinity g:
                f.Add($"pxm: {g.ProximityDomain}");
                f.Add(Handle(g));
                f.Add($"enabled: {Bool(g.Enabled)}");
                f.Add($"architectural_transactions: {Bool(g.ArchitecturalTransactions)}");
                Other(f, (uint)g.Flags & ~3u);
                NonZero(f, "reserved1", g.Reserved1);
                NonZero(f, "reserved2", g.Reserved2);
                return g is GenericInitiatorAffinity ? "generic_initiator" : "generic_port";
            case RintcAffinity r:
                f.Add($"pxm: {r.ProximityDomain}");
                f.Add($"processor_uid: {TextFormat.Hex(r.AcpiProcessorUid)}");
                f.Add($"enabled: {Bool(r.Enabled)}");
                Other(f, (uint)r.Flags & ~1u);
                NonZero(f, "clock_domain", r.ClockDomain);
                NonZero(f, "reserved", r.Reserved);
                return "rintc";
            case UnknownSubtable u:
                f.Add($"type: {(byte)u.RawType}");
                f.Add($"bytes: \"{TextFormat.HexBytes(u.Body.AsSpan())}\"");
                return "raw";
            default:
                throw new ArgumentException($"no YAML form for {subtable.GetType().Name}");
        }
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
