using System.Buffers;
using Bootemu.Acpi.Tables;
using Bootemu.Core.Printk;

namespace Bootemu.Acpi.Srat;

/// <summary>
/// Everything a firmware engineer wants to know about an SRAT, each finding at the byte offset it concerns.
/// Warnings are things that break the specification or that Linux 6.1 reacts to; infos are worth knowing but
/// not wrong (disabled entries, memoryless CPU domains). The structural problems are the ones <see cref="SratWalk"/>
/// finds; the rest follow the kernel's handlers in <c>drivers/acpi/numa/srat.c</c>
/// and <c>arch/x86/mm/srat.c</c>.
/// </summary>
public static class SratChecker
{
    /// <summary>MAX_PXM_DOMAINS with the Debian config (MAX_NUMNODES = 1024).</summary>
    public const uint MaxPxmDomains = 1024;

    /// <summary>NR_NODE_MEMBLKS: how many memory ranges numa_meminfo holds.</summary>
    public const int MaxMemoryRanges = 2048;

    /// <summary>MAX_LOCAL_APIC on x86_64.</summary>
    public const uint MaxLocalApic = 32768;

    /// <summary>
    /// Checks the bytes of an SRAT, as <c>bootemu srat check</c> does: the table is read leniently, each subtable
    /// decoded when the walk reaches it and checked, and none is kept.
    /// </summary>
    public static IReadOnlyList<AcpiDiagnostic> Check(ReadOnlySpan<byte> data)
    {
        var f = new List<AcpiDiagnostic>();
        var (header, tableRevision, reserved, tableLength) = SratReader.ReadSratHeader(data, f, strict: false);
        var table = data[..tableLength];
        using var contents = new Contents(f, header.Revision, SratWalk.Count(table));
        if (tableLength >= Srat.HeaderSize) contents.CheckHeaderFields(tableRevision, reserved);
        foreach (var step in new SratWalk(table))
        {
            if (step.Problem is { } problem) f.Add(new AcpiDiagnostic(problem.Id, step.Offset, problem.Message));
            if (step.Subtable is { } subtable) contents.Check(subtable);
        }
        return contents.Finish();
    }

    /// <summary>An enabled, non-empty memory range that does not wrap, as the overlap check needs it.</summary>
    private readonly record struct MemoryRange(ulong Base, ulong Last, uint Pxm, int Offset)
    {
        public string Text => Printk.Mem10(Base, Last);
    }

    /// <summary>
    /// The checks of the subtables' contents, fed one subtable at a time in table order. What needs the whole table
    /// (memoryless CPU domains, the range limit, overlaps) is gathered on the way and judged in <see cref="Finish"/>.
    /// </summary>
    private sealed class Contents(List<AcpiDiagnostic> f, byte revision, int subtables) : IDisposable
    {
        // The enabled memory ranges are gathered as plain values in a pooled buffer: a large table has tens of
        // thousands of them, and neither the subtables nor a fresh large array need outlive the check.
        private readonly MemoryRange[] _memory = ArrayPool<MemoryRange>.Shared.Rent(subtables);
        private readonly HashSet<uint> _memoryDomains = new();
        private readonly List<(SratSubtable Cpu, uint Pxm)> _cpus = new();
        private uint? _lastDomain;
        private int _memoryCount;
        private readonly DisabledEntries _disabled = new();
        private GenericInitiatorAffinity? _stopper;
        private int _skippedByStopper;

        public void Dispose() => ArrayPool<MemoryRange>.Shared.Return(_memory);

        /// <summary>The 12 bytes after the ACPI header: table revision (must be 1) and reserved (must be 0).</summary>
        public void CheckHeaderFields(uint tableRevision, ulong reserved)
        {
            if (tableRevision != 1) f.Add(Warn(AcpiFindingId.SratTableRevision, SratLayout.TableRevision, $"table revision (reserved, must be 1) is {tableRevision}"));
            if (reserved != 0) f.Add(Warn(AcpiFindingId.SratReservedHeaderBytes, SratLayout.Reserved, $"reserved bytes {SratLayout.Reserved}-{SratLayout.HeaderSize - 1} are 0x{reserved:x}, must be 0"));
        }

        public void Check(SratSubtable s)
        {
            if (!s.Extra.IsEmpty && s is not ProcessorApicAffinity)
                f.Add(Info(AcpiFindingId.SratSubtableLongerThanType, s.Offset, $"{Name(s)} is {s.DeclaredLength} bytes, {s.Extra.Length} more than its structure"));
            if (_stopper is not null && s is ProcessorApicAffinity or ProcessorX2ApicAffinity or GenericInitiatorAffinity) _skippedByStopper++;
            if (s is ProcessorApicAffinity && s.DeclaredLength != ProcessorApicAffinity.Size)
                f.Add(Warn(AcpiFindingId.SratApicEntryLength, s.Offset, $"processor APIC entry is {s.DeclaredLength} bytes; the kernel wants exactly 16 and stops using the SRAT (\"SRAT not used\")"));
            if (s.Description is { } description) CheckFields(f, s, description);
            switch (s)
            {
                case ProcessorApicAffinity a:
                    if (!a.Enabled) { _disabled.Add("processor APIC", s.Offset, $"processor APIC entry for APIC 0x{a.ApicId:x2} is disabled (the kernel ignores it)"); break; }
                    if (revision < 2 && a.ProximityDomain > 0xff)
                        f.Add(Warn(AcpiFindingId.SratPxmHighBitsIgnored, s.Offset + SratLayout.ProcessorApicAffinity.ProximityDomainHigh, $"proximity domain high bytes are set (0x{a.ProximityDomain >> 8:x}) but SRAT revision {revision} < 2, so the kernel reads PXM {a.ProximityDomain & 0xff}"));
                    Pxm(f, s.Offset + SratLayout.ProcessorApicAffinity.ProximityDomainLow, a.KernelDomain(revision));
                    _cpus.Add((s, a.KernelDomain(revision)));
                    break;
                case ProcessorX2ApicAffinity x:
                    if (!x.Enabled) { _disabled.Add("x2APIC", s.Offset, $"x2APIC entry for x2APIC 0x{x.X2ApicId:x} is disabled (the kernel ignores it)"); break; }
                    Pxm(f, s.Offset + SratLayout.ProcessorX2ApicAffinity.ProximityDomain, x.ProximityDomain);
                    if (x.X2ApicId >= MaxLocalApic)
                        f.Add(Info(AcpiFindingId.SratX2ApicIdSkipped, s.Offset + SratLayout.ProcessorX2ApicAffinity.X2ApicId, $"x2APIC id 0x{x.X2ApicId:x} is {MaxLocalApic} or more; the kernel skips it"));
                    _cpus.Add((s, x.ProximityDomain));
                    break;
                case MemoryAffinity m:
                    if (!m.Enabled)
                    {
                        string range = m.Length == 0 || m.Wraps ? $"base 0x{m.BaseAddress:x} length 0x{m.Length:x}" : Mem(m);
                        _disabled.Add("memory", m.Offset, $"memory entry {range} (PXM {m.ProximityDomain}) is disabled (the kernel ignores it)");
                    }
                    Memory(f, m, revision);
                    if (m.Enabled && m.Length > 0)
                    {
                        // Runs of entries in one domain are the rule; the set only needs each domain once.
                        uint domain = m.KernelDomain(revision);
                        if (domain != _lastDomain) _memoryDomains.Add(domain);
                        _lastDomain = domain;
                        if (!m.Wraps)
                            _memory[_memoryCount++] = new MemoryRange(m.BaseAddress, m.BaseAddress + (m.Length - 1), m.ProximityDomain, m.Offset);
                    }
                    break;
                case GiccAffinity g:
                    if (!g.Enabled) _disabled.Add("GICC", s.Offset, "GICC entry is disabled");
                    else Pxm(f, s.Offset + SratLayout.GiccAffinity.ProximityDomain, g.ProximityDomain);
                    break;
                case GicItsAffinity i:
                    Pxm(f, s.Offset + SratLayout.GicItsAffinity.ProximityDomain, i.ProximityDomain);
                    break;
                case GenericAffinity g:
                    if ((byte)g.DeviceHandleType > 1)
                        f.Add(Warn(AcpiFindingId.SratDeviceHandleType, s.Offset + SratLayout.GenericAffinity.DeviceHandleType, $"device handle type {(byte)g.DeviceHandleType} is not defined (0 = ACPI, 1 = PCI)"));
                    Pxm(f, s.Offset + SratLayout.GenericAffinity.ProximityDomain, g.ProximityDomain);
                    if (g is GenericInitiatorAffinity gi && !gi.Enabled && _stopper is null)
                    {
                        _stopper = gi;
                        f.Add(Warn(AcpiFindingId.SratDisabledGenericInitiator, s.Offset, "generic initiator entry is disabled: in Linux 6.1 its handler then fails, and every processor, x2APIC and generic initiator entry after it is silently ignored"));
                    }
                    else if (!g.Enabled)
                        _disabled.Add(SratSubtable.TypeName((byte)s.Type), s.Offset, $"{Name(s)} is disabled");
                    break;
                case RintcAffinity r:
                    if (!r.Enabled) _disabled.Add("RINTC", s.Offset, "RINTC entry is disabled");
                    else Pxm(f, s.Offset + SratLayout.RintcAffinity.ProximityDomain, r.ProximityDomain);
                    break;
                case UnknownSubtable u when (byte)u.Type > 7:
                    f.Add(Info(AcpiFindingId.SratUnknownSubtableType, s.Offset, $"subtable type {(byte)u.Type} is not defined by ACPI 6.6; the kernel skips it"));
                    break;
            }
        }

        /// <summary>Adds what needs the whole table and returns every finding in offset order.</summary>
        public IReadOnlyList<AcpiDiagnostic> Finish()
        {
            foreach (var (cpu, pxm) in _cpus)
                if (!_memoryDomains.Contains(pxm))
                    f.Add(Info(AcpiFindingId.SratMemorylessCpuDomain, cpu.Offset, $"{CpuName(cpu)} is in PXM {pxm}, which has no enabled memory (a memoryless node)"));
            if (_stopper is not null && _skippedByStopper > 0)
                f.Add(Warn(AcpiFindingId.SratEntriesHiddenByGenericInitiator, _stopper.Offset, $"{_skippedByStopper} processor/x2APIC/generic initiator entries after this disabled generic initiator are ignored by the kernel"));
            if (_memoryCount > MaxMemoryRanges)
                f.Add(Warn(AcpiFindingId.SratTooManyMemoryRanges, _memory[MaxMemoryRanges].Offset, $"{_memoryCount} enabled memory ranges; the kernel holds {MaxMemoryRanges} (\"too many memblk ranges\") and stops using the SRAT at this one"));
            Overlaps(f, _memory.AsSpan(0, _memoryCount));
            _disabled.Report(f);
            // Stable, so that findings at one offset keep the order they were found in.
            return f.OrderBy(d => d.Offset).ToList();
        }
    }

    /// <summary>
    /// Disabled entries, told once per kind: firmware lists a placeholder for every CPU and memory slot a board could
    /// hold (a Supermicro X10DAi SRAT has 152 disabled APIC entries), and a note for each would bury the findings
    /// that matter. A kind with a single disabled entry keeps the note that names it.
    /// </summary>
    private sealed class DisabledEntries
    {
        private readonly List<(string Kind, int Count, int First, int Last, string Single)> _kinds = new();

        /// <param name="kind">the kind as it reads before "entries", e.g. "processor APIC".</param>
        /// <param name="single">the note for this entry, used when it is the only disabled one of its kind.</param>
        public void Add(string kind, int offset, string single)
        {
            int i = _kinds.FindIndex(k => k.Kind == kind);
            if (i < 0) _kinds.Add((kind, 1, offset, offset, single));
            else _kinds[i] = _kinds[i] with { Count = _kinds[i].Count + 1, Last = offset };
        }

        public void Report(List<AcpiDiagnostic> f)
        {
            foreach (var (kind, count, first, last, single) in _kinds)
                f.Add(Info(AcpiFindingId.SratDisabledEntries, first, count == 1
                    ? single
                    : $"{count} {kind} entries are disabled (placeholders the kernel ignores): the first here, the last at offset 0x{last:x}"));
        }
    }

    private static string CpuName(SratSubtable cpu) => cpu switch
    {
        ProcessorApicAffinity a => $"APIC 0x{a.ApicId:x2}",
        ProcessorX2ApicAffinity x => $"x2APIC 0x{x.X2ApicId:x}",
        _ => throw new ArgumentException("not a CPU entry", nameof(cpu)),
    };

    private static void Memory(List<AcpiDiagnostic> f, MemoryAffinity m, byte revision)
    {
        if (m.Length == 0 && m.Enabled) f.Add(Warn(AcpiFindingId.SratMemoryZeroLength, m.Offset + SratLayout.MemoryAffinity.Length, $"enabled memory entry at base 0x{m.BaseAddress:x} has length 0"));
        if (m.Wraps) f.Add(Warn(AcpiFindingId.SratMemoryWraps, m.Offset + SratLayout.MemoryAffinity.Length, $"memory entry base 0x{m.BaseAddress:x} + length 0x{m.Length:x} goes past 2^64"));
        if (revision <= 1 && m.ProximityDomain > 0xff)
            f.Add(Warn(AcpiFindingId.SratMemoryPxmMasked, m.Offset + SratLayout.MemoryAffinity.ProximityDomain, $"SRAT revision {revision} <= 1: the kernel masks memory PXM {m.ProximityDomain} (0x{m.ProximityDomain:x}) to 8 bits and reads PXM {m.ProximityDomain & 0xff}"));
        if (m.Enabled) Pxm(f, m.Offset + SratLayout.MemoryAffinity.ProximityDomain, m.KernelDomain(revision));
    }

    /// <summary>Sorted by base, each range against the furthest-reaching range before it.</summary>
    private static void Overlaps(List<AcpiDiagnostic> f, Span<MemoryRange> sorted)
    {
        if (sorted.Length < 2) return;
        // Firmware almost always lists ranges in address order; sort (by base, then table order) only when it does not.
        bool ordered = true;
        for (int i = 1; i < sorted.Length && ordered; i++)
            ordered = sorted[i - 1].Base <= sorted[i].Base;
        if (!ordered)
            sorted.Sort((a, b) => a.Base != b.Base ? a.Base.CompareTo(b.Base) : a.Offset.CompareTo(b.Offset));
        var reach = sorted[0];
        for (int i = 1; i < sorted.Length; i++)
        {
            var m = sorted[i];
            if (m.Base <= reach.Last)
            {
                var (later, earlier) = m.Offset > reach.Offset ? (m, reach) : (reach, m);
                f.Add(Warn(AcpiFindingId.SratMemoryOverlap, later.Offset, $"memory range {later.Text} (PXM {later.Pxm}) overlaps {earlier.Text} (PXM {earlier.Pxm}) of the entry at offset 0x{earlier.Offset:x}"));
            }
            if (m.Last > reach.Last) reach = m;
        }
    }

    private static string Mem(MemoryAffinity m) => Printk.Mem10(m.BaseAddress, m.BaseAddress + m.Length - 1);

    private static void Pxm(List<AcpiDiagnostic> f, int offset, uint pxm)
    {
        if (pxm >= MaxPxmDomains)
            f.Add(Warn(AcpiFindingId.SratPxmOutOfRange, offset, pxm >= 0x8000_0000
                ? $"proximity domain 0x{pxm:x} is negative as the kernel's int; the kernel rejects it (\"SRAT: Too many proximity domains\") and stops using the SRAT"
                : $"proximity domain {pxm} is over the kernel's limit (MAX_PXM_DOMAINS = {MaxPxmDomains}); it rejects it (\"SRAT: Too many proximity domains\") and stops using the SRAT"));
    }

    /// <summary>What the description alone tells: flag bits without a name and reserved fields that are set.</summary>
    private static void CheckFields(List<AcpiDiagnostic> f, SratSubtable s, SratSubtableDescription description)
    {
        foreach (var field in description.Fields)
        {
            ulong value = (ulong)field.Get(s);
            if (field.Kind == SratFieldKind.Flags && (value & ~(ulong)field.NamedBits) is var undefined and not 0)
                f.Add(Warn(AcpiFindingId.SratUndefinedFlagBits, s.Offset, $"{Name(s)} sets undefined flag bits 0x{undefined:x} (flags 0x{value:x})"));
            else if (field.Kind == SratFieldKind.Reserved && value != 0)
                f.Add(Warn(AcpiFindingId.SratReservedFieldSet, s.Offset + field.Offset, $"{field.Key} is 0x{value:x}, must be 0"));
        }
    }

    private static string Name(SratSubtable s) => $"{SratSubtable.TypeName((byte)s.Type)} entry";

    // Warn and Info say at the call which kind of finding it is, and check that the kind has that severity.
    private static AcpiDiagnostic Warn(AcpiFindingId id, int offset, string message) => Finding(id, AcpiSeverity.Warning, offset, message);
    private static AcpiDiagnostic Info(AcpiFindingId id, int offset, string message) => Finding(id, AcpiSeverity.Info, offset, message);

    private static AcpiDiagnostic Finding(AcpiFindingId id, AcpiSeverity said, int offset, string message)
    {
        System.Diagnostics.Debug.Assert(id.Severity() == said, $"{id} is not a finding of severity {said}");
        return new AcpiDiagnostic(id, offset, message);
    }
}
