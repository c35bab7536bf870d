using System.Buffers.Binary;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Type 0, Processor Local APIC/SAPIC Affinity (16 bytes). The proximity domain is split: its low byte at +2 and
/// bits 8..31 at +9..+11. The kernel (<c>acpi_numa_processor_affinity_init</c>) reads the high part only when the
/// SRAT revision is 2 or more, and wants the length to be exactly 16.
/// </summary>
public sealed record ProcessorApicAffinity : SratSubtable
{
    public const int Size = 16;

    public override SratSubtableType Type => SratSubtableType.ProcessorApicAffinity;
    public override int StructureLength => Size;

    /// <summary>The whole 32-bit domain: the low byte plus the 24 high bits.</summary>
    public uint ProximityDomain { get; init; }
    public byte ApicId { get; init; }
    public ProcessorAffinityFlags Flags { get; init; }
    public byte LocalSapicEid { get; init; }
    public uint ClockDomain { get; init; }

    public bool Enabled => (Flags & ProcessorAffinityFlags.Enabled) != 0;
    public override uint? Domain => ProximityDomain;

    /// <summary>The domain as the kernel reads it: only the low byte before SRAT revision 2.</summary>
    public uint KernelDomain(byte sratRevision) => sratRevision >= 2 ? ProximityDomain : ProximityDomain & 0xff;

    internal static ProcessorApicAffinity Read(ReadOnlySpan<byte> s, int offset) => new()
    {
        Offset = offset,
        ProximityDomain = s[2] | (uint)s[9] << 8 | (uint)s[10] << 16 | (uint)s[11] << 24,
        ApicId = s[3],
        Flags = (ProcessorAffinityFlags)BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        LocalSapicEid = s[8],
        ClockDomain = BinaryPrimitives.ReadUInt32LittleEndian(s[12..]),
    };

    internal override void WriteStructure(Span<byte> s)
    {
        s[2] = (byte)ProximityDomain;
        s[3] = ApicId;
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)Flags);
        s[8] = LocalSapicEid;
        s[9] = (byte)(ProximityDomain >> 8);
        s[10] = (byte)(ProximityDomain >> 16);
        s[11] = (byte)(ProximityDomain >> 24);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], ClockDomain);
    }
}
