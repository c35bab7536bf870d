using System.Collections.Immutable;
using K = Bootemu.Acpi.Srat.SratFieldKind;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// The description of every subtable type bootemu decodes (ACPI 6.6 §5.2.16): the one table the codec and every
/// text form are driven by. Offsets come from <see cref="SratLayout"/>; labels are what iasl 20200925 prints.
/// </summary>
public static class SratSubtableDescriptions
{
    // The flag bit every processor-like entry has; iasl names it on all of them.
    private static readonly SratFlagBit Enabled = new("enabled", 1, "Enabled");

    public static readonly SratSubtableDescription Apic = new()
    {
        Type = SratSubtableType.ProcessorApicAffinity, Size = SratLayout.ProcessorApicAffinity.Size,
        Key = "apic", IaslName = "Processor Local APIC/SAPIC Affinity", IaslCompiles = true,
        Empty = () => new ProcessorApicAffinity(),
        Fields = new SratFieldList<ProcessorApicAffinity>()
            // One 32-bit domain in two places: the low byte first, then the 24 bits added by ACPI 3.0.
            .Add(K.ProximityDomain, "pxm", [
                    new(SratLayout.ProcessorApicAffinity.ProximityDomainLow, 1, "Proximity Domain Low(8)"),
                    new(SratLayout.ProcessorApicAffinity.ProximityDomainHigh, 3, "Proximity Domain High(24)")],
                a => a.ProximityDomain, (a, v) => a with { ProximityDomain = (uint)v })
            .Add(K.Id, "apic_id", SratLayout.ProcessorApicAffinity.ApicId, 1, "Apic ID", a => a.ApicId, (a, v) => a with { ApicId = (byte)v })
            .Flags(SratLayout.ProcessorApicAffinity.Flags, a => (uint)a.Flags, (a, v) => a with { Flags = (ProcessorAffinityFlags)v }, Enabled)
            .Add(K.Optional, "sapic_eid", SratLayout.ProcessorApicAffinity.LocalSapicEid, 1, "Local Sapic EID", a => a.LocalSapicEid, (a, v) => a with { LocalSapicEid = (byte)v })
            .ClockDomain(SratLayout.ProcessorApicAffinity.ClockDomain, a => a.ClockDomain, (a, v) => a with { ClockDomain = (uint)v })
            .ToImmutable(),
    };

    public static readonly SratSubtableDescription Memory = new()
    {
        Type = SratSubtableType.MemoryAffinity, Size = SratLayout.MemoryAffinity.Size,
        Key = "memory", IaslName = "Memory Affinity", IaslCompiles = true,
        Empty = () => new MemoryAffinity(),
        Fields = new SratFieldList<MemoryAffinity>()
            .Pxm(SratLayout.MemoryAffinity.ProximityDomain, m => m.ProximityDomain, (m, v) => m with { ProximityDomain = (uint)v })
            .Add(K.Address, "base", SratLayout.MemoryAffinity.BaseAddress, 8, "Base Address", m => m.BaseAddress, (m, v) => m with { BaseAddress = (ulong)v })
            // JSON calls it length_bytes: "length" there is the entry's own length.
            .Add(K.Address, "length", SratLayout.MemoryAffinity.Length, 8, "Address Length", m => m.Length, (m, v) => m with { Length = (ulong)v }, jsonKey: "length_bytes")
            .Flags(SratLayout.MemoryAffinity.Flags, m => (uint)m.Flags, (m, v) => m with { Flags = (MemoryAffinityFlags)v },
                Enabled, new("hotpluggable", 2, "Hot Pluggable"), new("nonvolatile", 4, "Non-Volatile"),
                // ACPI 6.6's bit: iasl 20200925 does not know it.
                new("specific_purpose", 8, null, YamlOnlyWhenSet: true))
            .Reserved("reserved1", SratLayout.MemoryAffinity.Reserved1, 2, m => m.Reserved1, (m, v) => m with { Reserved1 = (ushort)v })
            .Reserved("reserved2", SratLayout.MemoryAffinity.Reserved2, 4, m => m.Reserved2, (m, v) => m with { Reserved2 = (uint)v })
            .Reserved("reserved3", SratLayout.MemoryAffinity.Reserved3, 8, m => m.Reserved3, (m, v) => m with { Reserved3 = (ulong)v })
            .ToImmutable(),
    };

    public static readonly SratSubtableDescription X2Apic = new()
    {
        Type = SratSubtableType.ProcessorX2ApicAffinity, Size = SratLayout.ProcessorX2ApicAffinity.Size,
        Key = "x2apic", IaslName = "Processor Local x2APIC Affinity", IaslCompiles = true,
        Empty = () => new ProcessorX2ApicAffinity(),
        Fields = new SratFieldList<ProcessorX2ApicAffinity>()
            .Pxm(SratLayout.ProcessorX2ApicAffinity.ProximityDomain, x => x.ProximityDomain, (x, v) => x with { ProximityDomain = (uint)v })
            // iasl lists it as "Apic ID"; the generic listing's comment says which APIC id it is.
            .Add(K.Id, "x2apic_id", SratLayout.ProcessorX2ApicAffinity.X2ApicId, 4, "Apic ID", x => x.X2ApicId, (x, v) => x with { X2ApicId = (uint)v }, genericLabel: "x2APIC ID")
            .Flags(SratLayout.ProcessorX2ApicAffinity.Flags, x => (uint)x.Flags, (x, v) => x with { Flags = (ProcessorAffinityFlags)v }, Enabled)
            .ClockDomain(SratLayout.ProcessorX2ApicAffinity.ClockDomain, x => x.ClockDomain, (x, v) => x with { ClockDomain = (uint)v })
            .Reserved("reserved1", SratLayout.ProcessorX2ApicAffinity.Reserved1, 2, x => x.Reserved1, (x, v) => x with { Reserved1 = (ushort)v })
            .Reserved("reserved2", SratLayout.ProcessorX2ApicAffinity.Reserved2, 4, x => x.Reserved2, (x, v) => x with { Reserved2 = (uint)v })
            .ToImmutable(),
    };

    public static readonly SratSubtableDescription Gicc = new()
    {
        Type = SratSubtableType.GiccAffinity, Size = SratLayout.GiccAffinity.Size,
        Key = "gicc", IaslName = "GICC Affinity", IaslCompiles = true,
        Empty = () => new GiccAffinity(),
        Fields = new SratFieldList<GiccAffinity>()
            .Pxm(SratLayout.GiccAffinity.ProximityDomain, g => g.ProximityDomain, (g, v) => g with { ProximityDomain = (uint)v })
            .Add(K.Id, "processor_uid", SratLayout.GiccAffinity.AcpiProcessorUid, 4, "Acpi Processor UID", g => g.AcpiProcessorUid, (g, v) => g with { AcpiProcessorUid = (uint)v })
            .Flags(SratLayout.GiccAffinity.Flags, g => (uint)g.Flags, (g, v) => g with { Flags = (ProcessorAffinityFlags)v }, Enabled)
            .ClockDomain(SratLayout.GiccAffinity.ClockDomain, g => g.ClockDomain, (g, v) => g with { ClockDomain = (uint)v })
            .ToImmutable(),
    };

    public static readonly SratSubtableDescription GicIts = new()
    {
        Type = SratSubtableType.GicItsAffinity, Size = SratLayout.GicItsAffinity.Size,
        Key = "gic_its", IaslName = "GIC ITS Affinity", IaslCompiles = true,
        Empty = () => new GicItsAffinity(),
        Fields = new SratFieldList<GicItsAffinity>()
            .Pxm(SratLayout.GicItsAffinity.ProximityDomain, i => i.ProximityDomain, (i, v) => i with { ProximityDomain = (uint)v })
            .Add(K.Id, "its_id", SratLayout.GicItsAffinity.ItsId, 4, "ITS ID", i => i.ItsId, (i, v) => i with { ItsId = (uint)v })
            .Reserved("reserved", SratLayout.GicItsAffinity.Reserved, 2, i => i.Reserved, (i, v) => i with { Reserved = (ushort)v }, iaslZeroes: true)
            .ToImmutable(),
    };

    // Types 5 and 6 share one structure (struct acpi_srat_generic_affinity).
    private static readonly ImmutableArray<SratField> GenericFields = new SratFieldList<GenericAffinity>()
        .Pxm(SratLayout.GenericAffinity.ProximityDomain, g => g.ProximityDomain, (g, v) => g with { ProximityDomain = (uint)v })
        // The forms show the handle type and the handle as one value (acpi_device, pci_device or device_handle).
        .Add(K.DeviceHandleType, "device_handle_type", SratLayout.GenericAffinity.DeviceHandleType, 1, "Device Handle Type", g => (byte)g.DeviceHandleType, (g, v) => g with { DeviceHandleType = (DeviceHandleType)(byte)v })
        .Add(K.DeviceHandle, "device_handle", SratLayout.GenericAffinity.DeviceHandle, SratLayout.GenericAffinity.DeviceHandleSize, "Device Handle", g => g.DeviceHandle.Bytes, (g, v) => g with { DeviceHandle = new DeviceHandle(v) })
        .Flags(SratLayout.GenericAffinity.Flags, g => (uint)g.Flags, (g, v) => g with { Flags = (GenericAffinityFlags)v },
            // ACPI 6.4's bit: iasl 20200925 does not know it.
            Enabled, new("architectural_transactions", 2, null))
        .Reserved("reserved1", SratLayout.GenericAffinity.Reserved1, 1, g => g.Reserved1, (g, v) => g with { Reserved1 = (byte)v })
        .Reserved("reserved2", SratLayout.GenericAffinity.Reserved2, 4, g => g.Reserved2, (g, v) => g with { Reserved2 = (uint)v })
        .ToImmutable();

    public static readonly SratSubtableDescription GenericInitiator = new()
    {
        Type = SratSubtableType.GenericInitiatorAffinity, Size = SratLayout.GenericAffinity.Size,
        Key = "generic_initiator", IaslName = "Generic Initiator Affinity", IaslCompiles = true,
        Empty = () => new GenericInitiatorAffinity(),
        Fields = GenericFields,
    };

    public static readonly SratSubtableDescription GenericPort = new()
    {
        Type = SratSubtableType.GenericPortAffinity, Size = SratLayout.GenericAffinity.Size,
        Key = "generic_port", IaslName = "Generic Port Affinity", IaslCompiles = false,
        Empty = () => new GenericPortAffinity(),
        Fields = GenericFields,
    };

    public static readonly SratSubtableDescription Rintc = new()
    {
        Type = SratSubtableType.RintcAffinity, Size = SratLayout.RintcAffinity.Size,
        Key = "rintc", IaslName = "RINTC Affinity", IaslCompiles = false,
        Empty = () => new RintcAffinity(),
        Fields = new SratFieldList<RintcAffinity>()
            .Pxm(SratLayout.RintcAffinity.ProximityDomain, r => r.ProximityDomain, (r, v) => r with { ProximityDomain = (uint)v })
            .Add(K.Id, "processor_uid", SratLayout.RintcAffinity.AcpiProcessorUid, 4, "Acpi Processor UID", r => r.AcpiProcessorUid, (r, v) => r with { AcpiProcessorUid = (uint)v })
            .Flags(SratLayout.RintcAffinity.Flags, r => (uint)r.Flags, (r, v) => r with { Flags = (ProcessorAffinityFlags)v }, Enabled)
            .ClockDomain(SratLayout.RintcAffinity.ClockDomain, r => r.ClockDomain, (r, v) => r with { ClockDomain = (uint)v })
            .Reserved("reserved", SratLayout.RintcAffinity.Reserved, 2, r => r.Reserved, (r, v) => r with { Reserved = (ushort)v })
            .ToImmutable(),
    };

    /// <summary>Every described type, by type byte.</summary>
    public static readonly ImmutableArray<SratSubtableDescription> All = [Apic, Memory, X2Apic, Gicc, GicIts, GenericInitiator, GenericPort, Rintc];

    /// <summary>The description of <paramref name="type"/>; null for a type bootemu keeps as raw bytes.</summary>
    public static SratSubtableDescription? Of(byte type) => type < All.Length ? All[type] : null;

    /// <summary>The description whose YAML/JSON kind is <paramref name="key"/>; null when none is.</summary>
    public static SratSubtableDescription? WithKey(string key) => All.FirstOrDefault(d => d.Key == key);
}
