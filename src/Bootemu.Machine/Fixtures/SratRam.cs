using Bootemu.Core;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Machine;

/// <summary>
/// A stand-in e820 map for a fixture that gives none: RAM is every enabled SRAT memory range, minus
/// the ranges the fixture marks as not populated at boot. Nothing else is invented (no reserved
/// ranges, no PCI hole); the kernel's own trim_bios_range still takes the first page and the
/// 640K-1M BIOS window out of RAM, as it does on real firmware that reports them as RAM.
/// </summary>
internal static class SratRam
{
    public static E820Table Derive(ReadOnlySpan<byte> srat, IReadOnlyList<(ulong Base, ulong Size)> notPopulated, string where)
    {
        SratTable table;
        try { table = SratTable.Decode(srat); }
        catch (InputException e) { throw new InputException(where, $"cannot take RAM from the SRAT: {e.OneLine}"); }
        var ram = new List<E820Entry>();
        foreach (var m in table.MemoryAffinities)
            if (m.Enabled && m.Length != 0 && !m.Wraps)
                ram.Add(new E820Entry(m.BaseAddress, m.Length, E820Type.Ram));
        var e820 = new E820Table(ram);
        var scratch = new Bootemu.Core.Logging.KernelLog();
        foreach (var (b, s) in notPopulated)
            e820 = e820.RemoveRange(b, s, E820Type.Ram, scratch);
        // Drop what the removals zeroed, so a map left with a single range stays clean even though the sanitiser refuses it.
        return new E820Table(e820.Entries.Where(e => e.Size != 0)).Sanitize();
    }
}
