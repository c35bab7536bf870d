using System.Collections.Immutable;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

/// <summary>Hand-made tables with every subtable type, built through the model and encoded.</summary>
public static class SratSamples
{
    public static readonly AcpiTableHeader Header = new("SRAT", 0, 3, null, "BOOTEM", "ORACLE  ", 1, "BEMU", 1);

    public static byte[] Build(params SratSubtable[] subtables) => SratTable.Create(Header, 1, 0, subtables).Encode();

    /// <summary>One entry of each type iasl 20200925 knows, with values iasl can list and rebuild.</summary>
    public static byte[] TypesZeroToFive() => Build(
        new ProcessorApicAffinity { ProximityDomain = 0x030201, ApicId = 7, Flags = ProcessorAffinityFlags.Enabled, LocalSapicEid = 9, ClockDomain = 0x11 },
        new MemoryAffinity { ProximityDomain = 1, BaseAddress = 0x1_0000_0000, Length = 0x8000_0000, Flags = MemoryAffinityFlags.Enabled | MemoryAffinityFlags.HotPluggable | MemoryAffinityFlags.NonVolatile, Reserved1 = 1, Reserved2 = 2, Reserved3 = 3 },
        new ProcessorX2ApicAffinity { ProximityDomain = 6, X2ApicId = 0x100, Flags = ProcessorAffinityFlags.Enabled, ClockDomain = 7, Reserved1 = 5, Reserved2 = 8 },
        new GiccAffinity { ProximityDomain = 1, AcpiProcessorUid = 2, Flags = ProcessorAffinityFlags.Enabled, ClockDomain = 4 },
        new GicItsAffinity { ProximityDomain = 1, ItsId = 3 },
        new GenericInitiatorAffinity { ProximityDomain = 2, DeviceHandleType = DeviceHandleType.Acpi, DeviceHandle = DeviceHandle.Acpi("ACPI0016", 1), Flags = GenericAffinityFlags.Enabled, Reserved1 = 9, Reserved2 = 9 });

    /// <summary>Generic port, RINTC, an unknown type and a known type with extra bytes.</summary>
    public static byte[] WithTypesSixAndSeven() => Build(
        new ProcessorApicAffinity { ProximityDomain = 0, ApicId = 0, Flags = ProcessorAffinityFlags.Enabled },
        new GenericPortAffinity { ProximityDomain = 3, DeviceHandleType = DeviceHandleType.Pci, DeviceHandle = DeviceHandle.Pci(1, 0x3a11), Flags = GenericAffinityFlags.Enabled | GenericAffinityFlags.ArchitecturalTransactions },
        new RintcAffinity { ProximityDomain = 4, AcpiProcessorUid = 5, Flags = ProcessorAffinityFlags.Enabled, ClockDomain = 6, Reserved = 7 },
        new UnknownSubtable { RawType = 9, Body = [1, 2, 3] },
        new MemoryAffinity { ProximityDomain = 0, Length = 0xa0000, Flags = MemoryAffinityFlags.Enabled | MemoryAffinityFlags.SpecificPurpose, Extra = [0xaa, 0xbb] });

    public static IEnumerable<object[]> EveryType()
    {
        yield return ["types 0-5", TypesZeroToFive()];
        yield return ["types 6, 7, unknown, extra bytes", WithTypesSixAndSeven()];
        yield return ["empty", Build()];
    }
}
