using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Machine.E820;

/// <summary>
/// struct e820_table: the x86 firmware memory map as the kernel keeps it, emulating
/// arch/x86/kernel/e820.c. Immutable: every edit returns a new table, with the entries in the
/// order the kernel's in-place edits leave them (appended pieces at the end, removed entries
/// zeroed in place) until <see cref="Sanitize"/> sorts and merges them, as e820__update_table does.
/// </summary>
public sealed partial class E820Table
{
    /// <summary>E820_MAX_ENTRIES: 128 zero-page entries plus 3 per possible node (MAX_NUMNODES 1024).</summary>
    public const int MaxEntries = 128 + 3 * 1024;

    /// <summary>MAX_ARCH_PFN: MAXMEM in frames, the end of physical memory with 4-level paging.</summary>
    public static readonly Pfn MaxArchPfn = Pfn.PhysmemEnd;

    /// <summary>The first pfn above 4 GiB: e820__end_of_low_ram_pfn's limit.</summary>
    public static readonly Pfn FourGiBPfn = new(1UL << (32 - Pfn.PageShift));

    /// <summary>BIOS_BEGIN..BIOS_END: the legacy VGA/BIOS window that trim_bios_range takes out of RAM.</summary>
    public const ulong BiosBegin = 0xa0000, BiosEnd = 0x100000;

    private readonly E820Entry[] _entries;

    public E820Table(IEnumerable<E820Entry> entries) => _entries = entries.ToArray();

    private E820Table(E820Entry[] entries, bool _) => _entries = entries;

    public static E820Table Empty { get; } = new(Array.Empty<E820Entry>(), true);

    public IReadOnlyList<E820Entry> Entries => _entries;

    public int Count => _entries.Length;

    public E820Entry this[int index] => _entries[index];

    /// <summary>Bytes of the table's entries of <paramref name="type"/> (assumes a sanitised table: no overlaps).</summary>
    public ulong TotalBytes(E820Type type)
    {
        ulong total = 0;
        foreach (var e in _entries)
            if (e.Type == type) total += e.Size;
        return total;
    }

    /// <summary>
    /// e820__update_table: sort, resolve overlaps in favour of the highest type number, merge
    /// neighbours of the same type (except PRAM and SOFT_RESERVED, which the kernel never merges),
    /// drop empty entries. Returns false, leaving the table as it was, where the kernel refuses:
    /// fewer than 2 entries, or an entry that wraps past 2^64.
    /// </summary>
    public bool TrySanitize(out E820Table sanitized)
    {
        sanitized = this;
        if (_entries.Length < 2) return false;
        foreach (var e in _entries)
            if (e.Addr + e.Size < e.Addr) return false;
        sanitized = new E820Table(E820Sanitizer.Sweep(_entries), true);
        return true;
    }

    /// <summary>e820__update_table where its failure is ignored (the firmware map): the sanitised table, or this one unchanged.</summary>
    public E820Table Sanitize() => TrySanitize(out var s) ? s : this;

    /// <summary>
    /// e820__range_add: appends [start, start+size) of <paramref name="type"/> unsanitised. A full
    /// table drops the range with the kernel's "too many entries" error.
    /// </summary>
    public E820Table AddRange(ulong start, ulong size, E820Type type, KernelLog log)
    {
        var list = new List<E820Entry>(_entries);
        Append(list, start, size, type, log);
        return new E820Table(list.ToArray(), true);
    }

    /// <summary>
    /// e820__range_remove: takes [start, start+size) out of every entry of <paramref name="oldType"/>
    /// (of every entry when it is null, the kernel's check_type = false). Prints the KERN_DEBUG
    /// <c>e820: remove [mem ...] type</c> line. A size running past 2^64 is clamped as the kernel does.
    /// </summary>
    public E820Table RemoveRange(ulong start, ulong size, E820Type? oldType, KernelLog log)
    {
        if (size > ulong.MaxValue - start) size = ulong.MaxValue - start;
        ulong end = start + size;
        // With no type to check the kernel still prints the space that would precede it.
        log.Debug($"e820: remove {Printk.Mem10(start, end - 1)} {(oldType is { } t ? E820TypeNames.KernelName(t) : "")}");
        var list = new List<E820Entry>(_entries);
        for (int i = 0; i < list.Count; i++)
        {
            var e = list[i];
            if (oldType is { } want && e.Type != want) continue;
            ulong entryEnd = e.Addr + e.Size;
            if (e.Addr >= start && entryEnd <= end)
            {
                list[i] = default; // the kernel memsets the entry to zero; the next sanitise drops it
                continue;
            }
            if (e.Addr < start && entryEnd > end)
            {
                Append(list, end, entryEnd - end, e.Type, log);
                list[i] = e with { Size = start - e.Addr };
                continue;
            }
            ulong finalStart = Math.Max(start, e.Addr), finalEnd = Math.Min(end, entryEnd);
            if (finalStart >= finalEnd) continue;
            ulong newSize = e.Size - (finalEnd - finalStart);
            list[i] = e.Addr < finalStart ? e with { Size = newSize } : new E820Entry(finalEnd, newSize, e.Type);
        }
        return new E820Table(list.ToArray(), true);
    }

    /// <summary>
    /// e820__range_update: retypes the part of every <paramref name="oldType"/> entry inside
    /// [start, start+size) to <paramref name="newType"/>, printing the KERN_DEBUG
    /// <c>e820: update [mem ...] old ==> new</c> line. The kernel BUG()s when both types are equal.
    /// </summary>
    public E820Table UpdateRange(ulong start, ulong size, E820Type oldType, E820Type newType, KernelLog log)
    {
        if (oldType == newType)
            throw new ArgumentException("e820__range_update with equal old and new types is a kernel BUG()", nameof(newType));
        if (size > ulong.MaxValue - start) size = ulong.MaxValue - start;
        ulong end = start + size;
        log.Debug($"e820: update {Printk.Mem10(start, end - 1)} {E820TypeNames.KernelName(oldType)} ==> {E820TypeNames.KernelName(newType)}");
        var list = new List<E820Entry>(_entries);
        for (int i = 0; i < list.Count; i++)
        {
            var e = list[i];
            if (e.Type != oldType) continue;
            ulong entryEnd = e.Addr + e.Size;
            if (e.Addr >= start && entryEnd <= end)
            {
                list[i] = e with { Type = newType };
                continue;
            }
            if (e.Addr < start && entryEnd > end)
            {
                Append(list, start, size, newType, log);
                Append(list, end, entryEnd - end, e.Type, log);
                list[i] = e with { Size = start - e.Addr };
                continue;
            }
            ulong finalStart = Math.Max(start, e.Addr), finalEnd = Math.Min(end, entryEnd);
            if (finalStart >= finalEnd) continue;
            Append(list, finalStart, finalEnd - finalStart, newType, log);
            ulong newSize = e.Size - (finalEnd - finalStart);
            list[i] = e.Addr < finalStart ? e with { Size = newSize } : new E820Entry(finalEnd, newSize, e.Type);
        }
        return new E820Table(list.ToArray(), true);
    }

    /// <summary>
    /// e820__mapped_all: true when entries of <paramref name="type"/> cover all of [start, end).
    /// Like the kernel's, it walks the entries in order, so it needs a sorted table.
    /// </summary>
    public bool IsMappedAll(ulong start, ulong end, E820Type type)
    {
        foreach (var e in _entries)
        {
            if (e.Type != type) continue;
            if (e.Addr >= end || e.Addr + e.Size <= start) continue;
            if (e.Addr <= start) start = e.Addr + e.Size;
            if (start >= end) return true;
        }
        return false;
    }

    /// <summary>
    /// e820_add_kernel_range: when the kernel image [start, end) is not all RAM (a confused BIOS,
    /// or memmap= carved it out), the kernel warns and makes it RAM again.
    /// </summary>
    public E820Table AddKernelRange(ulong start, ulong end, KernelLog log)
    {
        if (IsMappedAll(start, end, E820Type.Ram)) return this;
        log.Warn(".text .data .bss are not marked as E820_TYPE_RAM!");
        return RemoveRange(start, end - start, null, log).AddRange(start, end - start, E820Type.Ram, log);
    }

    /// <summary>
    /// trim_bios_range: the first page becomes reserved, the 640K-1M BIOS window leaves RAM, and
    /// the table is sanitised. Prints the two KERN_DEBUG e820 lines.
    /// </summary>
    public E820Table TrimBiosRange(KernelLog log) =>
        UpdateRange(0, Pfn.PageSize, E820Type.Ram, E820Type.Reserved, log)
            .RemoveRange(BiosBegin, BiosEnd - BiosBegin, E820Type.Ram, log)
            .Sanitize();

    /// <summary>
    /// e820__end_of_ram_pfn: max_pfn, the pfn after the highest RAM page (capped at max_arch_pfn).
    /// Prints <c>last_pfn = %#lx max_arch_pfn = %#lx</c>. <paramref name="acpiDataCounts"/>: 6.12 counts ACPI data
    /// ranges (type 3) as well as RAM; 6.1 counts RAM only.
    /// </summary>
    public Pfn EndOfRamPfn(KernelLog log, bool acpiDataCounts = false) => EndPfn(MaxArchPfn, log, acpiDataCounts);

    /// <summary>e820__end_of_low_ram_pfn: the same below 4 GiB, with its own <c>last_pfn</c> line.</summary>
    public Pfn EndOfLowRamPfn(KernelLog log, bool acpiDataCounts = false) => EndPfn(FourGiBPfn, log, acpiDataCounts);

    /// <summary>
    /// setup_arch's pair: max_pfn, then max_low_pfn, which is the end of RAM below 4 GiB (a second
    /// <c>last_pfn</c> line) only when max_pfn is above 4 GiB, and max_pfn otherwise.
    /// </summary>
    public (Pfn MaxPfn, Pfn MaxLowPfn) FindMaxPfns(KernelLog log, bool acpiDataCounts = false)
    {
        var maxPfn = EndOfRamPfn(log, acpiDataCounts);
        var maxLowPfn = maxPfn > FourGiBPfn ? EndOfLowRamPfn(log, acpiDataCounts) : maxPfn;
        return (maxPfn, maxLowPfn);
    }

    private Pfn EndPfn(Pfn limit, KernelLog log, bool acpiDataCounts)
    {
        ulong last = 0;
        foreach (var e in _entries)
        {
            if (e.Type != E820Type.Ram && !(acpiDataCounts && e.Type == E820Type.Acpi)) continue;
            ulong startPfn = e.Addr >> Pfn.PageShift, endPfn = (e.Addr + e.Size) >> Pfn.PageShift;
            if (startPfn >= limit.Value) continue;
            if (endPfn > limit.Value) { last = limit.Value; break; }
            if (endPfn > last) last = endPfn;
        }
        if (last > MaxArchPfn.Value) last = MaxArchPfn.Value;
        log.Info($"last_pfn = {Printk.AltHex(last)} max_arch_pfn = {Printk.AltHex(MaxArchPfn.Value)}");
        return new Pfn(last);
    }

    /// <summary>e820__print_table: one <c>who: [mem %#018Lx-%#018Lx] type</c> line per entry (KERN_INFO).</summary>
    public void Print(string who, KernelLog log)
    {
        foreach (var line in Lines(who)) log.Info(line);
    }

    /// <summary>The lines <see cref="Print"/> prints.</summary>
    public IEnumerable<string> Lines(string who) =>
        _entries.Select(e => $"{who}: {Printk.Mem18(e.Addr, e.Addr + e.Size - 1)} {E820TypeNames.KernelName(e.Type)}");

    /// <summary>
    /// e820__memory_setup for a firmware map: sanitise it (a refused map is kept as it is), then print
    /// <c>BIOS-provided physical RAM map:</c> and the <c>BIOS-e820:</c> lines.
    /// </summary>
    public E820Table MemorySetup(KernelLog log)
    {
        var table = Sanitize();
        log.Info("BIOS-provided physical RAM map:");
        table.Print("BIOS-e820", log);
        return table;
    }

    private static void Append(List<E820Entry> list, ulong start, ulong size, E820Type type, KernelLog log)
    {
        if (list.Count >= MaxEntries)
        {
            log.Err($"too many entries; ignoring {Printk.Mem10(start, start + size - 1)}");
            return;
        }
        list.Add(new E820Entry(start, size, type));
    }

    public override string ToString() => string.Join("\n", Lines("e820"));
}
