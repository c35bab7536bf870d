using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Acpi.Text;

/// <summary>
/// Writes an SRAT as an iasl data-table listing (the <c>.dsl</c> that <c>iasl -d</c> prints). Debian's iasl 20200925
/// compiles a listing only when it names subtable types 0 to 5 with the fields it knows, and it rebuilds flag words
/// from their named bits and zeroes some reserved fields. A table that listing cannot reproduce exactly (types 6
/// and up, bytes beyond a structure, flag bits iasl does not name, non-zero reserved fields iasl drops, bytes the
/// subtable walk does not reach) is written in iasl's generic-operator form instead, which compiles with
/// <c>iasl -G -z</c>. Header text iasl cannot take makes no form compile; the listing then says so.
/// </summary>
public static class SratDslWriter
{
    public static string Write(SratTable srat)
    {
        byte[] table = srat.Encode();
        return BodyListable(srat) ? Fields(srat, table) : Generic(srat, table);
    }

    /// <summary>True when iasl 20200925's SRAT compiler turns the field listing back into exactly these bytes.</summary>
    public static bool IaslCanRebuild(SratTable srat) =>
        srat.Header.Checksum is null && DslHeader.TextReadsBack(srat.Header) && BodyListable(srat);

    /// <summary>
    /// True when iasl's SRAT compiler rebuilds everything after the header from the field listing. The header text
    /// and checksum do not choose the form: iasl treats them alike in both (see <see cref="DslHeader.CompileNote"/>).
    /// </summary>
    private static bool BodyListable(SratTable srat)
    {
        if (srat.Reserved != 0 || !srat.Undecoded.IsEmpty) return false;
        foreach (var s in srat.Subtables)
        {
            if (!s.Extra.IsEmpty) return false;
            bool ok = s switch
            {
                ProcessorApicAffinity a => (a.Flags & ~ProcessorAffinityFlags.Enabled) == 0,
                MemoryAffinity m => ((uint)m.Flags & ~7u) == 0,
                ProcessorX2ApicAffinity x => (x.Flags & ~ProcessorAffinityFlags.Enabled) == 0,
                GiccAffinity g => (g.Flags & ~ProcessorAffinityFlags.Enabled) == 0,
                GicItsAffinity i => i.Reserved == 0,
                GenericInitiatorAffinity g => (g.Flags & ~GenericAffinityFlags.Enabled) == 0,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static string Fields(SratTable srat, byte[] table)
    {
        var l = new DslListing().Preamble(SratTable.Signature, "System Resource Affinity Table", DslHeader.CompileNote(srat.Header, table, "-z"));
        DslHeader.Write(l, srat.Header, table);
        l.Blank().Hex(36, 4, "Table Revision", srat.TableRevision).Hex(40, 8, "Reserved", srat.Reserved).Blank();
        foreach (var s in srat.Subtables)
        {
            int o = s.Offset;
            l.Field(o, 1, "Subtable Type", $"{(byte)s.Type:X2} [{SratSubtable.TypeName((byte)s.Type)}]")
             .Hex(o + 1, 1, "Length", (ulong)s.DeclaredLength).Blank();
            switch (s)
            {
                case ProcessorApicAffinity a:
                    l.Hex(o + 2, 1, "Proximity Domain Low(8)", a.ProximityDomain & 0xff).Hex(o + 3, 1, "Apic ID", a.ApicId)
                     .Hex(o + 4, 4, "Flags (decoded below)", (uint)a.Flags).Flag("Enabled", a.Enabled)
                     .Hex(o + 8, 1, "Local Sapic EID", a.LocalSapicEid).Hex(o + 9, 3, "Proximity Domain High(24)", a.ProximityDomain >> 8)
                     .Hex(o + 12, 4, "Clock Domain", a.ClockDomain);
                    break;
                case MemoryAffinity m:
                    l.Hex(o + 2, 4, "Proximity Domain", m.ProximityDomain).Hex(o + 6, 2, "Reserved1", m.Reserved1)
                     .Hex(o + 8, 8, "Base Address", m.BaseAddress).Hex(o + 16, 8, "Address Length", m.Length)
                     .Hex(o + 24, 4, "Reserved2", m.Reserved2).Hex(o + 28, 4, "Flags (decoded below)", (uint)m.Flags)
                     .Flag("Enabled", m.Enabled).Flag("Hot Pluggable", m.HotPluggable).Flag("Non-Volatile", m.NonVolatile)
                     .Hex(o + 32, 8, "Reserved3", m.Reserved3);
                    break;
                case ProcessorX2ApicAffinity x:
                    l.Hex(o + 2, 2, "Reserved1", x.Reserved1).Hex(o + 4, 4, "Proximity Domain", x.ProximityDomain)
                     .Hex(o + 8, 4, "Apic ID", x.X2ApicId).Hex(o + 12, 4, "Flags (decoded below)", (uint)x.Flags).Flag("Enabled", x.Enabled)
                     .Hex(o + 16, 4, "Clock Domain", x.ClockDomain).Hex(o + 20, 4, "Reserved2", x.Reserved2);
                    break;
                case GiccAffinity g:
                    l.Hex(o + 2, 4, "Proximity Domain", g.ProximityDomain).Hex(o + 6, 4, "Acpi Processor UID", g.AcpiProcessorUid)
                     .Hex(o + 10, 4, "Flags (decoded below)", (uint)g.Flags).Flag("Enabled", g.Enabled)
                     .Hex(o + 14, 4, "Clock Domain", g.ClockDomain);
                    break;
                case GicItsAffinity i:
                    l.Hex(o + 2, 4, "Proximity Domain", i.ProximityDomain).Hex(o + 6, 2, "Reserved", i.Reserved)
                     .Hex(o + 8, 4, "ITS ID", i.ItsId);
                    break;
                case GenericInitiatorAffinity g:
                    l.Hex(o + 2, 1, "Reserved1", g.Reserved1).Hex(o + 3, 1, "Device Handle Type", (byte)g.DeviceHandleType)
                     .Hex(o + 4, 4, "Proximity Domain", g.ProximityDomain)
                     .Field(o + 8, 16, "Device Handle", TextFormat.HexBytes(g.DeviceHandle.ToArray()).ToUpperInvariant())
                     .Hex(o + 24, 4, "Flags (decoded below)", (uint)g.Flags).Flag("Enabled", g.Enabled)
                     .Hex(o + 28, 4, "Reserved2", g.Reserved2);
                    break;
            }
            l.Blank();
        }
        return l.RawData(table).ToString();
    }

    private static string Generic(SratTable srat, byte[] table)
    {
        var l = new DslListing().Preamble(SratTable.Signature, "System Resource Affinity Table", DslHeader.CompileNote(srat.Header, table, "-G -z"));
        l.Text("/* iasl 20200925 cannot list this table field by field (see SratDslWriter); its body is in generic form. */\n");
        DslHeader.Write(l, srat.Header, table);
        var g = new GenericBody(l, table);
        l.Blank();
        g.U(36, 4, "Table Revision").U(40, 8, "Reserved");
        foreach (var s in srat.Subtables)
        {
            int o = s.Offset;
            l.Blank();
            g.U(o, 1, $"Subtable Type [{SratSubtable.TypeName((byte)s.Type)}]").U(o + 1, 1, "Length");
            switch (s)
            {
                case ProcessorApicAffinity:
                    g.U(o + 2, 1, "Proximity Domain Low(8)").U(o + 3, 1, "Apic ID").U(o + 4, 4, "Flags")
                     .U(o + 8, 1, "Local Sapic EID").Bytes(o + 9, 3, "Proximity Domain High(24)").U(o + 12, 4, "Clock Domain");
                    break;
                case MemoryAffinity:
                    g.U(o + 2, 4, "Proximity Domain").U(o + 6, 2, "Reserved1").U(o + 8, 8, "Base Address").U(o + 16, 8, "Address Length")
                     .U(o + 24, 4, "Reserved2").U(o + 28, 4, "Flags").U(o + 32, 8, "Reserved3");
                    break;
                case ProcessorX2ApicAffinity:
                    g.U(o + 2, 2, "Reserved1").U(o + 4, 4, "Proximity Domain").U(o + 8, 4, "x2APIC ID").U(o + 12, 4, "Flags")
                     .U(o + 16, 4, "Clock Domain").U(o + 20, 4, "Reserved2");
                    break;
                case GiccAffinity:
                    g.U(o + 2, 4, "Proximity Domain").U(o + 6, 4, "Acpi Processor UID").U(o + 10, 4, "Flags").U(o + 14, 4, "Clock Domain");
                    break;
                case GicItsAffinity:
                    g.U(o + 2, 4, "Proximity Domain").U(o + 6, 2, "Reserved").U(o + 8, 4, "ITS ID");
                    break;
                case GenericAffinity:
                    g.U(o + 2, 1, "Reserved1").U(o + 3, 1, "Device Handle Type").U(o + 4, 4, "Proximity Domain")
                     .Bytes(o + 8, 16, "Device Handle").U(o + 24, 4, "Flags").U(o + 28, 4, "Reserved2");
                    break;
                case RintcAffinity:
                    g.U(o + 2, 2, "Reserved").U(o + 4, 4, "Proximity Domain").U(o + 8, 4, "Acpi Processor UID")
                     .U(o + 12, 4, "Flags").U(o + 16, 4, "Clock Domain");
                    break;
                case UnknownSubtable u when u.Body.Length > 0:
                    g.Bytes(o + 2, u.Body.Length, "Data");
                    break;
            }
            if (!s.Extra.IsEmpty) g.Bytes(o + s.StructureLength, s.Extra.Length, "Extra bytes beyond the structure");
        }
        if (srat.UndecodedReason is { } reason) Undecoded(l, g, srat, reason);
        return l.Blank().RawData(table).ToString();
    }

    /// <summary>
    /// Where the walk stops, iasl -d prints the subtable header it found and a note ("Invalid zero length
    /// subtable") and lists no more; here the note is a comment and the rest of the table follows as a buffer, so
    /// the listing still compiles into the same bytes.
    /// </summary>
    private static void Undecoded(DslListing l, GenericBody g, SratTable srat, string reason)
    {
        int o = srat.UndecodedOffset;
        int length = srat.Undecoded.Length;
        l.Blank().Text($"/* Offset 0x{o:X}: {reason}. The subtable walk stops here; the rest of the table is not decoded. */\n");
        if (length < 2)
        {
            g.Bytes(o, length, "Stray bytes");
            return;
        }
        g.U(o, 1, $"Subtable Type [{SratSubtable.TypeName(srat.Undecoded[0])}]").U(o + 1, 1, "Length");
        if (length > 2) g.Bytes(o + 2, length - 2, "Not decoded");
    }
}
