using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Where every SRAT field sits (ACPI 6.6 §5.2.16, ACPICA's <c>actbl3.h</c>): the one place byte offsets are named,
/// for the reader and writer here, the checker's finding offsets and the kernel-exact walk in Bootemu.Boot, which
/// reads the raw bytes itself. Subtable offsets count from the subtable's type byte.
/// </summary>
public static class SratLayout
{
    /// <summary>The u32 the spec calls table revision ("must be 1"), right after the ACPI header.</summary>
    public const int TableRevision = AcpiTableHeader.Size;

    /// <summary>The reserved u64 after the table revision.</summary>
    public const int Reserved = TableRevision + 4;

    /// <summary>sizeof(struct acpi_table_srat): where the first subtable starts.</summary>
    public const int HeaderSize = Reserved + 8;

    /// <summary>struct acpi_subtable_header: the type and length bytes every subtable starts with.</summary>
    public static class Subtable
    {
        public const int Type = 0;
        public const int Length = 1;
        public const int HeaderSize = 2;
    }

    /// <summary>Type 0. The proximity domain is split: bits 0..7 at +2, bits 8..31 in the three bytes from +9.</summary>
    public static class ProcessorApicAffinity
    {
        public const int ProximityDomainLow = 2;
        public const int ApicId = 3;
        public const int Flags = 4;
        public const int LocalSapicEid = 8;
        public const int ProximityDomainHigh = 9;
        public const int ClockDomain = 12;
        public const int Size = 16;
    }

    /// <summary>Type 1.</summary>
    public static class MemoryAffinity
    {
        public const int ProximityDomain = 2;
        public const int Reserved1 = 6;
        public const int BaseAddress = 8;
        public const int Length = 16;
        public const int Reserved2 = 24;
        public const int Flags = 28;
        public const int Reserved3 = 32;
        public const int Size = 40;
    }

    /// <summary>Type 2.</summary>
    public static class ProcessorX2ApicAffinity
    {
        public const int Reserved1 = 2;
        public const int ProximityDomain = 4;
        public const int X2ApicId = 8;
        public const int Flags = 12;
        public const int ClockDomain = 16;
        public const int Reserved2 = 20;
        public const int Size = 24;
    }

    /// <summary>Type 3 (Arm).</summary>
    public static class GiccAffinity
    {
        public const int ProximityDomain = 2;
        public const int AcpiProcessorUid = 6;
        public const int Flags = 10;
        public const int ClockDomain = 14;
        public const int Size = 18;
    }

    /// <summary>Type 4 (Arm).</summary>
    public static class GicItsAffinity
    {
        public const int ProximityDomain = 2;
        public const int Reserved = 6;
        public const int ItsId = 8;
        public const int Size = 12;
    }

    /// <summary>Types 5 and 6 (struct acpi_srat_generic_affinity).</summary>
    public static class GenericAffinity
    {
        public const int Reserved1 = 2;
        public const int DeviceHandleType = 3;
        public const int ProximityDomain = 4;
        public const int DeviceHandle = 8;
        public const int DeviceHandleSize = 16;
        public const int Flags = 24;
        public const int Reserved2 = 28;
        public const int Size = 32;
    }

    /// <summary>Type 7 (RISC-V, ACPI 6.6).</summary>
    public static class RintcAffinity
    {
        public const int Reserved = 2;
        public const int ProximityDomain = 4;
        public const int AcpiProcessorUid = 8;
        public const int Flags = 12;
        public const int ClockDomain = 16;
        public const int Size = 20;
    }
}
