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
        switch (s)
        {
            case ProcessorApicAffinity a:
                w.WriteString("kind", "apic");
                w.WriteNumber("pxm", a.ProximityDomain);
                JsonOutput.Hex(w, "apic_id", a.ApicId);
                Flags(w, (uint)a.Flags, ("enabled", a.Enabled));
                JsonOutput.Hex(w, "sapic_eid", a.LocalSapicEid);
                w.WriteNumber("clock_domain", a.ClockDomain);
                break;
            case MemoryAffinity m:
                w.WriteString("kind", "memory");
                w.WriteNumber("pxm", m.ProximityDomain);
                JsonOutput.Hex(w, "base", m.BaseAddress);
                JsonOutput.Hex(w, "length_bytes", m.Length);
                Flags(w, (uint)m.Flags, ("enabled", m.Enabled), ("hotpluggable", m.HotPluggable), ("nonvolatile", m.NonVolatile), ("specific_purpose", m.SpecificPurpose));
                JsonOutput.Hex(w, "reserved1", m.Reserved1);
                JsonOutput.Hex(w, "reserved2", m.Reserved2);
                JsonOutput.Hex(w, "reserved3", m.Reserved3);
                break;
            case ProcessorX2ApicAffinity x:
                w.WriteString("kind", "x2apic");
                w.WriteNumber("pxm", x.ProximityDomain);
                JsonOutput.Hex(w, "x2apic_id", x.X2ApicId);
                Flags(w, (uint)x.Flags, ("enabled", x.Enabled));
                w.WriteNumber("clock_domain", x.ClockDomain);
                JsonOutput.Hex(w, "reserved1", x.Reserved1);
                JsonOutput.Hex(w, "reserved2", x.Reserved2);
                break;
            case GiccAffinity g:
                w.WriteString("kind", "gicc");
                w.WriteNumber("pxm", g.ProximityDomain);
                JsonOutput.Hex(w, "processor_uid", g.AcpiProcessorUid);
                Flags(w, (uint)g.Flags, ("enabled", g.Enabled));
                w.WriteNumber("clock_domain", g.ClockDomain);
                break;
            case GicItsAffinity i:
                w.WriteString("kind", "gic_its");
                w.WriteNumber("pxm", i.ProximityDomain);
                JsonOutput.Hex(w, "its_id", i.ItsId);
                JsonOutput.Hex(w, "reserved", i.Reserved);
                break;
            case GenericAffinity g:
                w.WriteString("kind", g is GenericInitiatorAffinity ? "generic_initiator" : "generic_port");
                w.WriteNumber("pxm", g.ProximityDomain);
                Handle(w, g);
                Flags(w, (uint)g.Flags, ("enabled", g.Enabled), ("architectural_transactions", g.ArchitecturalTransactions));
                JsonOutput.Hex(w, "reserved1", g.Reserved1);
                JsonOutput.Hex(w, "reserved2", g.Reserved2);
                break;
            case RintcAffinity r:
                w.WriteString("kind", "rintc");
                w.WriteNumber("pxm", r.ProximityDomain);
                JsonOutput.Hex(w, "processor_uid", r.AcpiProcessorUid);
                Flags(w, (uint)r.Flags, ("enabled", r.Enabled));
                w.WriteNumber("clock_domain", r.ClockDomain);
                JsonOutput.Hex(w, "reserved", r.Reserved);
                break;
            case UnknownSubtable u:
                w.WriteString("kind", "raw");
                w.WriteString("bytes", TextFormat.HexBytes(u.Body.AsSpan()));
                break;
        }
        if (s is not UnknownSubtable && !s.Extra.IsEmpty) w.WriteString("extra", TextFormat.HexBytes(s.Extra.AsSpan()));
        w.WriteEndObject();
    }

    private static void Flags(Utf8JsonWriter w, uint raw, params (string Name, bool Set)[] bits)
    {
        JsonOutput.Hex(w, "flags", raw);
        foreach (var (name, set) in bits) w.WriteBoolean(name, set);
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
