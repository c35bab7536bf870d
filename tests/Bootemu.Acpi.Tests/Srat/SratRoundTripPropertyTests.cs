using System.Collections.Immutable;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using CsCheck;
using NUnit.Framework;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Tests.Srat;

/// <summary>Generated tables of every subtable type: decode and encode are exact inverses, through binary and YAML.</summary>
public class SratRoundTripPropertyTests
{
    private static readonly Gen<ImmutableArray<byte>> Extra =
        Gen.Frequency((3, Gen.Const(ImmutableArray<byte>.Empty)), (1, Gen.Byte.Array[1, 8].Select(b => ImmutableArray.Create(b))));

    private static readonly Gen<SratSubtable> Subtable = Gen.OneOf<SratSubtable>(
        Gen.Select(Gen.UInt, Gen.Byte, Gen.UInt, Gen.Byte, Gen.UInt, Extra, (pxm, apic, flags, eid, clock, extra) =>
            new ProcessorApicAffinity { ProximityDomain = pxm, ApicId = apic, Flags = (ProcessorAffinityFlags)flags, LocalSapicEid = eid, ClockDomain = clock, Extra = extra }),
        Gen.Select(Gen.UInt, Gen.ULong, Gen.ULong, Gen.UInt, Gen.UShort, Gen.UInt, Gen.ULong, Extra).Select(t =>
            (SratSubtable)new MemoryAffinity { ProximityDomain = t.Item1, BaseAddress = t.Item2, Length = t.Item3, Flags = (MemoryAffinityFlags)t.Item4, Reserved1 = t.Item5, Reserved2 = t.Item6, Reserved3 = t.Item7, Extra = t.Item8 }),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UShort, Gen.UInt, Extra).Select(t =>
            (SratSubtable)new ProcessorX2ApicAffinity { ProximityDomain = t.Item1, X2ApicId = t.Item2, Flags = (ProcessorAffinityFlags)t.Item3, ClockDomain = t.Item4, Reserved1 = t.Item5, Reserved2 = t.Item6, Extra = t.Item7 }),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Extra, (pxm, uid, flags, clock, extra) =>
            (SratSubtable)new GiccAffinity { ProximityDomain = pxm, AcpiProcessorUid = uid, Flags = (ProcessorAffinityFlags)flags, ClockDomain = clock, Extra = extra }),
        Gen.Select(Gen.UInt, Gen.UShort, Gen.UInt, Extra, (pxm, reserved, its, extra) =>
            (SratSubtable)new GicItsAffinity { ProximityDomain = pxm, Reserved = reserved, ItsId = its, Extra = extra }),
        Generic(() => new GenericInitiatorAffinity()),
        Generic(() => new GenericPortAffinity()),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UShort, Extra).Select(t =>
            (SratSubtable)new RintcAffinity { ProximityDomain = t.Item1, AcpiProcessorUid = t.Item2, Flags = (ProcessorAffinityFlags)t.Item3, ClockDomain = t.Item4, Reserved = t.Item5, Extra = t.Item6 }),
        Gen.Select(Gen.Byte[8, 255], Gen.Byte.Array[0, 40], (type, body) =>
            (SratSubtable)new UnknownSubtable { RawType = type, Body = ImmutableArray.Create(body) }));

    private static Gen<SratSubtable> Generic(Func<GenericAffinity> make) =>
        Gen.Select(Gen.UInt, Gen.Byte, Gen.Byte, Gen.Byte.Array[16], Gen.UInt, Gen.UInt, Extra).Select(t =>
            (SratSubtable)(make() with { ProximityDomain = t.Item1, Reserved1 = t.Item2, DeviceHandleType = (DeviceHandleType)t.Item3, DeviceHandle = DeviceHandle.FromBytes(t.Item4), Flags = (GenericAffinityFlags)t.Item5, Reserved2 = t.Item6, Extra = t.Item7 }));

    private static readonly Gen<byte[]> Table =
        Gen.Select(Gen.Byte, Gen.UInt, Gen.ULong, Gen.String[Gen.Char['0', 'z'], 0, 6], Subtable.Array[0, 12], (revision, tableRevision, reserved, oem, subtables) =>
            SratTable.Create(new AcpiTableHeader("SRAT", 0, revision, null, oem, "TBL", 7, "BEMU", 9), tableRevision, reserved, subtables).Encode());

    [Test]
    public void Encode_of_decode_is_byte_identical_for_generated_tables_of_every_type()
    {
        Table.Sample(t => SratTable.Decode(t).Encode().AsSpan().SequenceEqual(t), iter: 2000);
    }

    [Test]
    public void Yaml_written_from_a_generated_table_reads_back_to_the_same_bytes()
    {
        Table.Sample(t => SratYaml.Parse(SratYamlWriter.Write(SratTable.Decode(t)), "g.yaml").Encode().AsSpan().SequenceEqual(t), iter: 500);
    }
}
