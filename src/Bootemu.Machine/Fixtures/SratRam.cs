using Bootemu.Core;
using Bootemu.Core.Printk;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Machine.Fixtures;

/// <summary>
/// A stand-in e820 map for a machine given without one: RAM is every enabled SRAT memory range, minus the ranges the
/// fixture marks as not populated at boot, laid out as a real BIOS lays out its map around them. The SRAT only says
/// which node owns a range of addresses, and a firmware may give node 0 one range across the 32-bit PCI hole; a BIOS's
/// e820 map never has RAM where the local APIC, the IO-APIC and the firmware flash live below 4 GiB, so the hole is
/// taken out of RAM (and said so). Nothing else is invented; the kernel's own trim_bios_range still takes the first page
/// and the 640K-1M BIOS window out of RAM, as it does on real firmware that reports them as RAM.
/// </summary>
internal static class SratRam
{
    /// <summary>
    /// Where the assumed 32-bit PCI hole starts: 3 GiB, the top gigabyte below 4 GiB that PC firmware keeps for MMIO
    /// (QEMU's i440fx machine ends low RAM there too).
    /// </summary>
    public const ulong PciHoleStart = 0xc0000000;

    /// <summary>The IO-APIC's default base: from here to 4 GiB every x86 machine has fixed MMIO, never RAM.</summary>
    public const ulong FixedMmioStart = 0xfec00000;

    private const ulong FourGiB = 1UL << 32;

    public static (E820Table Map, IReadOnlyList<string> Notes) Derive(ReadOnlySpan<byte> srat, IReadOnlyList<(ulong Base, ulong Size)> notPopulated, string where)
    {
        SratTable table;
        try { table = SratTable.Decode(srat); }
        catch (InputException e) { throw new InputException(where, $"cannot take RAM from the SRAT: {e.OneLine}"); }
        var notes = new List<string>();
        var ram = new List<E820Entry>();
        foreach (var m in table.MemoryAffinities)
            if (m.Enabled && m.Length != 0 && !m.Wraps)
                ram.Add(new E820Entry(m.BaseAddress, m.Length, E820Type.Ram));
        var e820 = new E820Table(ram);
        var scratch = new Bootemu.Core.Logging.KernelLog();
        foreach (var m in table.MemoryAffinities)
        {
            if (!m.Enabled || m.Length == 0 || m.Wraps) continue;
            ulong end = m.BaseAddress + m.Length;
            if (m.BaseAddress >= FourGiB || end <= FixedMmioStart) continue;
            ulong holeStart = Math.Max(m.BaseAddress, PciHoleStart);
            e820 = e820.RemoveRange(holeStart, FourGiB - holeStart, E820Type.Ram, scratch);
            notes.Add($"the SRAT memory range {Printk.Mem18(m.BaseAddress, end - 1)} of PXM {m.ProximityDomain} covers the 32-bit PCI hole: " +
                      $"{Printk.Mem18(holeStart, FourGiB - 1)} is assumed to be MMIO, not RAM, as in a BIOS's e820 map");
        }
        foreach (var (b, s) in notPopulated)
            e820 = e820.RemoveRange(b, s, E820Type.Ram, scratch);
        // Drop what the removals zeroed, so a map left with a single range stays clean even though the sanitiser refuses it.
        return (new E820Table(e820.Entries.Where(e => e.Size != 0)).Sanitize(), notes);
    }
}
