namespace Bootemu.Acpi.Tables;

/// <summary>
/// The kind of a finding about an SRAT or SLIT, stable across releases so that a pipeline can match on it
/// (`srat check --format json` prints it as <see cref="AcpiFindingIds.Code"/>: "srat-memory-overlap").
/// Each kind has one severity, stated here. The numbers are part of the contract: a kind is never renumbered or
/// reused; new kinds take the next number.
/// </summary>
public enum AcpiFindingId
{
    // Any ACPI table's header.
    /// <summary>Warning: the Length field says more bytes than the data holds.</summary>
    TableLengthBeyondData = 1,
    /// <summary>Warning: the data goes on after Length bytes.</summary>
    TableDataAfterLength = 2,
    /// <summary>Warning: Length is smaller than the table's fixed header.</summary>
    TableLengthBelowHeader = 3,
    /// <summary>Warning: the bytes do not sum to zero; the kernel warns and uses the table anyway.</summary>
    TableChecksum = 4,

    // The SRAT's walk over its subtables.
    /// <summary>Warning: bytes after the last subtable, too few for a subtable header.</summary>
    SratStrayBytes = 100,
    /// <summary>Warning: a subtable of length 0; the kernel abandons the walk.</summary>
    SratSubtableZeroLength = 101,
    /// <summary>Warning: a subtable shorter than the 2-byte subtable header.</summary>
    SratSubtableShorterThanHeader = 102,
    /// <summary>Warning: a subtable runs past the end of the table.</summary>
    SratSubtablePastTableEnd = 103,
    /// <summary>Warning: a subtable shorter than its type's structure.</summary>
    SratSubtableShorterThanType = 104,
    /// <summary>Note: a subtable longer than its type's structure.</summary>
    SratSubtableLongerThanType = 105,
    /// <summary>Note: a subtable type ACPI does not define; the kernel skips it.</summary>
    SratUnknownSubtableType = 106,

    // The SRAT's header fields.
    /// <summary>Warning: the table revision field after the header is not 1.</summary>
    SratTableRevision = 120,
    /// <summary>Warning: the reserved bytes after the header are not 0.</summary>
    SratReservedHeaderBytes = 121,

    // SRAT entries.
    /// <summary>Warning: a processor APIC entry is not 16 bytes; the kernel stops using the SRAT.</summary>
    SratApicEntryLength = 140,
    /// <summary>Warning: proximity domain bits the kernel does not read at this SRAT revision.</summary>
    SratPxmHighBitsIgnored = 141,
    /// <summary>Note: an x2APIC id the kernel skips.</summary>
    SratX2ApicIdSkipped = 142,
    /// <summary>Warning: a proximity domain the kernel rejects (negative or over its limit).</summary>
    SratPxmOutOfRange = 143,
    /// <summary>Warning: a generic affinity entry's device handle type is not defined.</summary>
    SratDeviceHandleType = 144,
    /// <summary>Warning: a disabled generic initiator entry makes the kernel ignore the CPU entries after it.</summary>
    SratDisabledGenericInitiator = 145,
    /// <summary>Warning: how many CPU entries the disabled generic initiator hides from the kernel.</summary>
    SratEntriesHiddenByGenericInitiator = 146,
    /// <summary>Note: entries marked disabled (placeholders), one finding per kind.</summary>
    SratDisabledEntries = 147,
    /// <summary>Note: a CPU in a proximity domain with no enabled memory (a memoryless node).</summary>
    SratMemorylessCpuDomain = 148,
    /// <summary>Warning: flag bits without a name in the specification are set.</summary>
    SratUndefinedFlagBits = 149,
    /// <summary>Warning: a reserved field of an entry is not 0.</summary>
    SratReservedFieldSet = 150,

    // SRAT memory ranges.
    /// <summary>Warning: an enabled memory entry of length 0.</summary>
    SratMemoryZeroLength = 160,
    /// <summary>Warning: base + length of a memory entry goes past 2^64.</summary>
    SratMemoryWraps = 161,
    /// <summary>Warning: at this SRAT revision the kernel reads only 8 bits of a memory entry's proximity domain.</summary>
    SratMemoryPxmMasked = 162,
    /// <summary>Warning: two enabled memory ranges overlap.</summary>
    SratMemoryOverlap = 163,
    /// <summary>Warning: more enabled memory ranges than the kernel holds; it stops using the SRAT.</summary>
    SratTooManyMemoryRanges = 164,

    // The SLIT.
    /// <summary>Warning: the locality count needs a bigger matrix than the table holds.</summary>
    SlitMatrixBeyondTable = 200,
    /// <summary>Note: bytes after the distance matrix, which the kernel does not read.</summary>
    SlitBytesAfterMatrix = 201,
    /// <summary>Warning: a locality's distance to itself is not 10.</summary>
    SlitSelfDistance = 202,
    /// <summary>Warning: a distance between two localities is 10 or less.</summary>
    SlitRemoteDistance = 203,
    /// <summary>Note: a locality unreachable from another (distance 0xff).</summary>
    SlitUnreachable = 204,
    /// <summary>Note: the distance one way differs from the distance back.</summary>
    SlitAsymmetric = 205,
    /// <summary>Warning: the kernel rejects the table and keeps its default distances.</summary>
    SlitRejected = 206,
}

/// <summary>What each <see cref="AcpiFindingId"/> is called in JSON, and how much it matters.</summary>
public static class AcpiFindingIds
{
    /// <summary>"srat-memory-overlap" for <see cref="AcpiFindingId.SratMemoryOverlap"/>: the name in kebab case.</summary>
    public static string Code(this AcpiFindingId id)
    {
        string name = id.ToString();
        var code = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            // A capital starts a word, unless it continues a run of capitals ("X2Apic" gives "x2-apic").
            bool wordStart = char.IsUpper(c) && i > 0 && (!char.IsUpper(name[i - 1]) || i + 1 < name.Length && char.IsLower(name[i + 1]));
            if (wordStart) code.Append('-');
            code.Append(char.ToLowerInvariant(c));
        }
        return code.ToString();
    }

    /// <summary>The one severity of a kind of finding.</summary>
    public static AcpiSeverity Severity(this AcpiFindingId id) => id switch
    {
        AcpiFindingId.SratSubtableLongerThanType
            or AcpiFindingId.SratUnknownSubtableType
            or AcpiFindingId.SratX2ApicIdSkipped
            or AcpiFindingId.SratDisabledEntries
            or AcpiFindingId.SratMemorylessCpuDomain
            or AcpiFindingId.SlitBytesAfterMatrix
            or AcpiFindingId.SlitUnreachable
            or AcpiFindingId.SlitAsymmetric => AcpiSeverity.Info,
        _ => AcpiSeverity.Warning,
    };
}
