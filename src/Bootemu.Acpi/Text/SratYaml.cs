using System.Collections.Immutable;
using Bootemu.Acpi.Srat;
using Bootemu.Core;
using Bootemu.Core.Yaml;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Text;

/// <summary>
/// The YAML form of an SRAT, made for writing by hand: an optional <c>header</c> block, optional
/// <c>table_revision</c> (default 1) and <c>reserved</c> (default 0), and a list of <c>entries</c>, each a
/// one-key mapping naming its kind (<c>apic</c>, <c>memory</c>, <c>x2apic</c>, <c>gicc</c>, <c>gic_its</c>,
/// <c>generic_initiator</c>, <c>generic_port</c>, <c>rintc</c>, <c>raw</c>). Omitted fields are 0 or false.
/// An optional <c>undecoded</c> holds the bytes after the entries that the subtable walk does not reach.
/// The README section "SRAT and SLIT tables" documents every key.
/// </summary>
public static class SratYaml
{
    /// <summary>Reads the SRAT mapping at <paramref name="node"/>. Unknown keys, wrong types and out-of-range values are errors naming file:line:col.</summary>
    public static SratTable Read(YamlValue node)
    {
        var map = node.AsMap();
        var header = YamlFields.Header(map.Optional("header") is YamlValue h ? h.AsMap() : null, SratTable.Signature, 3);
        uint tableRevision = (uint)YamlFields.Number(map, "table_revision", uint.MaxValue, 1);
        ulong reserved = YamlFields.Number(map, "reserved", ulong.MaxValue);
        var entries = new List<SratSubtable>();
        if (map.Optional("entries") is YamlValue list)
            foreach (var item in list.AsList())
                entries.Add(Entry(item));
        var srat = SratTable.Create(header, tableRevision, reserved, entries);
        if (map.Optional("undecoded") is YamlValue undecoded)
            srat = WithUndecoded(srat, undecoded);
        map.RejectUnknownKeys();
        return srat;
    }

    /// <summary>
    /// Bytes after the entries that the subtable walk does not reach. They must begin with what stops the walk,
    /// or decoding the encoded table would read them as entries and give back a different table.
    /// </summary>
    private static SratTable WithUndecoded(SratTable srat, YamlValue node)
    {
        var bytes = YamlFields.Bytes(node);
        if (bytes.IsEmpty) return srat;
        int offset = srat.UndecodedOffset;
        if (SratWalk.StopsAt(bytes.AsSpan(), offset) is null)
            throw node.Error($"undecoded bytes at offset 0x{offset:x} begin with a readable subtable (type {bytes[0]}, length {bytes[1]}); " +
                "they must begin where the walk stops (a length byte of 0 or 1, a subtable running past the table end, or a single byte), so write that subtable as an entry");
        return srat with { Undecoded = bytes, Header = srat.Header with { Length = (uint)(offset + bytes.Length) } };
    }

    /// <summary>Loads a whole YAML text whose root is the SRAT mapping.</summary>
    public static SratTable Parse(string text, string source) => Read(YamlInput.Load(text, source));

    private static SratSubtable Entry(YamlValue item)
    {
        var (kind, body) = YamlFields.Tagged(item, "SRAT entry");
        var m = YamlFields.OptionalMap(body) ?? EmptyMap(body);
        SratSubtable entry;
        if (kind == "raw")
            entry = new UnknownSubtable
            {
                RawType = (byte)YamlFields.Number(m, "type", byte.MaxValue),
                Body = YamlFields.OptionalBytes(m, "bytes"),
            };
        else if (SratSubtableDescriptions.WithKey(kind) is { } description)
            entry = Fields(description, m) with { Extra = YamlFields.OptionalBytes(m, "extra") };
        else
            throw item.Error($"unknown SRAT entry kind {InputText.Quote(kind)} (allowed: {AllowedKinds})");
        m.RejectUnknownKeys();
        if (entry.DeclaredLength > byte.MaxValue)
            throw body.Error($"this entry would be {entry.DeclaredLength} bytes long; a subtable length is one byte (at most 255)");
        return entry;
    }

    // Listed from the descriptions, so a new type is named here without an edit.
    private static readonly string AllowedKinds =
        string.Join(", ", SratSubtableDescriptions.All.Select(d => d.Key).Append("raw").Order(StringComparer.Ordinal));

    private static SratSubtable Fields(SratSubtableDescription description, YamlMap m)
    {
        if (description.Type == SratSubtableType.MemoryAffinity) RefuseWrappingRange(m);
        var entry = description.Empty();
        foreach (var field in description.Fields)
        {
            switch (field.Kind)
            {
                case SratFieldKind.Flags:
                    entry = field.Set(entry, Flags(m, [.. field.Bits.Select(b => (b.Key, b.Bit))]));
                    break;
                case SratFieldKind.DeviceHandle:
                    var (type, handle) = Handle(m);
                    entry = (GenericAffinity)entry with { DeviceHandleType = type, DeviceHandle = handle };
                    break;
                case SratFieldKind.DeviceHandleType:
                    break; // read with the handle
                default:
                    entry = field.Set(entry, YamlFields.Number(m, field.Key, (ulong)field.Max));
                    break;
            }
        }
        return entry;
    }

    /// <summary>
    /// A memory range past 2^64 is refused before any other field is read: written by hand, it is a typing mistake,
    /// and the one to tell first.
    /// </summary>
    private static void RefuseWrappingRange(YamlMap m)
    {
        var baseNode = m.Optional("base");
        ulong baseAddress = YamlFields.Number(m, "base", ulong.MaxValue);
        ulong length = YamlFields.Number(m, "length", ulong.MaxValue);
        if (length != 0 && baseAddress + (length - 1) < baseAddress)
            throw (baseNode ?? m.Self).Error($"base 0x{baseAddress:x} + length 0x{length:x} goes past 2^64");
    }

    /// <summary>One of <c>acpi_device: {hid, uid}</c>, <c>pci_device: {segment, bus, device, function}</c> or <c>device_handle: {type, bytes}</c>.</summary>
    private static (DeviceHandleType, DeviceHandle) Handle(YamlMap m)
    {
        var acpi = m.Optional("acpi_device");
        var pci = m.Optional("pci_device");
        var raw = m.Optional("device_handle");
        int given = (acpi is null ? 0 : 1) + (pci is null ? 0 : 1) + (raw is null ? 0 : 1);
        if (given > 1)
            throw m.Self.Error("give only one of acpi_device, pci_device and device_handle");
        if (acpi is YamlValue a)
        {
            var am = a.AsMap();
            string hid = YamlFields.FixedText(am, "hid", 8, "").TrimEnd(' ');
            var handle = DeviceHandle.Acpi(hid, (uint)YamlFields.Number(am, "uid", uint.MaxValue));
            am.RejectUnknownKeys();
            return (DeviceHandleType.Acpi, handle);
        }
        if (pci is YamlValue p)
        {
            var pm = p.AsMap();
            ushort segment = (ushort)YamlFields.Number(pm, "segment", ushort.MaxValue);
            ulong bus = YamlFields.Number(pm, "bus", 0xff);
            ulong device = YamlFields.Number(pm, "device", 0x1f);
            ulong function = YamlFields.Number(pm, "function", 0x7);
            pm.RejectUnknownKeys();
            return (DeviceHandleType.Pci, DeviceHandle.Pci(segment, (ushort)(bus << 8 | device << 3 | function)));
        }
        if (raw is YamlValue r)
        {
            var rm = r.AsMap();
            var type = (DeviceHandleType)YamlFields.Number(rm, "type", byte.MaxValue);
            var bytesNode = rm.Optional("bytes");
            var bytes = bytesNode is YamlValue b ? YamlFields.Bytes(b) : ImmutableArray.Create(new byte[16]);
            if (bytes.Length != 16)
                throw (bytesNode ?? r).Error($"a device handle is 16 bytes, found {bytes.Length}");
            rm.RejectUnknownKeys();
            return (type, DeviceHandle.FromBytes(bytes.AsSpan()));
        }
        return (DeviceHandleType.Acpi, default);
    }

    /// <summary>
    /// A flag word: each named bit from its boolean key, the rest from <c>other_flags</c>, which may not repeat a
    /// named bit.
    /// </summary>
    private static uint Flags(YamlMap m, params (string Key, uint Bit)[] named)
    {
        uint flags = 0, mask = 0;
        foreach (var (key, bit) in named)
        {
            mask |= bit;
            if (YamlFields.Flag(m, key)) flags |= bit;
        }
        return flags | OtherFlags(m, mask);
    }

    private static uint OtherFlags(YamlMap m, uint named)
    {
        if (m.Optional("other_flags") is not YamlValue v) return 0;
        ulong value = v.AsU64();
        if (value > uint.MaxValue) throw v.Error($"other_flags {v.AsString()} does not fit in 32 bits");
        if ((value & named) != 0) throw v.Error($"other_flags 0x{value:x} repeats a flag that has its own key (bits 0x{named:x})");
        return (uint)value;
    }

    private static YamlMap EmptyMap(YamlValue at) => YamlInput.Load("{}", at.Location).AsMap();
}
