using System.Buffers.Binary;
using L = Bootemu.Acpi.Srat.SratLayout.GenericAffinity;

namespace Bootemu.Acpi.Srat;

/// <summary>How a generic initiator or port names its device (the device handle type byte).</summary>
public enum DeviceHandleType : byte
{
    /// <summary>An ACPI device: _HID (8 characters) and _UID (4 bytes).</summary>
    Acpi = 0,
    /// <summary>A PCI device: segment and bus/device/function.</summary>
    Pci = 1,
}

/// <summary>
/// The 16-byte device handle of a generic initiator or port. ACPI form: HID at +0 (8 bytes), UID at +8 (u32),
/// 4 reserved. PCI form: segment at +0 (u16), BDF at +2 (u16: bus in bits 15..8, device 7..3, function 2..0),
/// 12 reserved. The raw bytes are kept so any handle is written back exactly.
/// </summary>
public readonly record struct DeviceHandle(UInt128 Bytes)
{
    public string Hid => Tables.AcpiTableCodec.Latin1(Span()[..8]);
    public uint Uid => BinaryPrimitives.ReadUInt32LittleEndian(Span()[8..]);
    public uint AcpiReserved => BinaryPrimitives.ReadUInt32LittleEndian(Span()[12..]);
    public ushort PciSegment => BinaryPrimitives.ReadUInt16LittleEndian(Span());
    public ushort PciBdf => BinaryPrimitives.ReadUInt16LittleEndian(Span()[2..]);
    public bool PciReservedIsZero => Bytes >> 32 == 0;

    public byte[] ToArray() => Span().ToArray();

    private Span<byte> Span()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, Bytes);
        return bytes;
    }

    public static DeviceHandle FromBytes(ReadOnlySpan<byte> sixteen) => new(BinaryPrimitives.ReadUInt128LittleEndian(sixteen));

    public static DeviceHandle Acpi(string hid, uint uid)
    {
        Span<byte> b = stackalloc byte[16];
        Tables.AcpiTableCodec.WriteFixed(b[..8], hid, "HID");
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], uid);
        return FromBytes(b);
    }

    public static DeviceHandle Pci(ushort segment, ushort bdf) => new(segment | (UInt128)bdf << 16);
}

/// <summary>
/// Types 5 (Generic Initiator Affinity) and 6 (Generic Port Affinity) share one 32-byte structure
/// (ACPICA's <c>struct acpi_srat_generic_affinity</c>).
/// </summary>
public abstract record GenericAffinity : SratSubtable
{
    public const int Size = L.Size;


    public byte Reserved1 { get; init; }
    public DeviceHandleType DeviceHandleType { get; init; }
    public uint ProximityDomain { get; init; }
    public DeviceHandle DeviceHandle { get; init; }
    public GenericAffinityFlags Flags { get; init; }
    public uint Reserved2 { get; init; }

    public bool Enabled => (Flags & GenericAffinityFlags.Enabled) != 0;
    public bool ArchitecturalTransactions => (Flags & GenericAffinityFlags.ArchitecturalTransactions) != 0;
    public override uint? Domain => ProximityDomain;
}

/// <summary>
/// Type 5, Generic Initiator Affinity: a non-CPU initiator (an accelerator, say) in a domain. The kernel
/// (<c>acpi_parse_gi_affinity</c>) makes its node a memoryless generic-initiator node; a disabled entry makes
/// the handler fail, which stops every later handler of the CPU pass.
/// </summary>
public sealed record GenericInitiatorAffinity : GenericAffinity
{
    public override SratSubtableType Type => SratSubtableType.GenericInitiatorAffinity;
}

/// <summary>Type 6, Generic Port Affinity (ACPI 6.5, CXL host bridges). Linux 6.1 skips it.</summary>
public sealed record GenericPortAffinity : GenericAffinity
{
    public override SratSubtableType Type => SratSubtableType.GenericPortAffinity;
}
