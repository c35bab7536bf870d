using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Machine.E820;

/// <summary>The two reads of the final e820 table at the end of setup_arch, with the lines they print.</summary>
public sealed partial class E820Table
{
    /// <summary>MAX_GAP_END: the PCI gap is looked for below 4 GiB.</summary>
    private const ulong MaxGapEnd = 0x100000000;

    /// <summary>The smallest gap e820__setup_pci_gap accepts (its starting gapsize), 4 MiB.</summary>
    private const ulong MinPciGap = 0x400000;

    /// <summary>
    /// e820__register_nosave_regions: every stretch between RAM entries (RAM and kernel-reserved RAM), widened to whole
    /// pages, and the stretch from the last RAM to <paramref name="limitPfn"/> (max_pfn), each handed to
    /// register_nosave_region, which prints <c>PM: hibernation: Registered nosave memory: [mem %#010llx-%#010llx]</c>
    /// for every non-empty one (the region it extends, when contiguous, is not reprinted: the line shows the new part).
    /// </summary>
    public void RegisterNosaveRegions(Pfn limitPfn, KernelLog log)
    {
        ulong lastAddr = 0;
        foreach (var e in _entries)
        {
            if (e.Type is not (E820Type.Ram or E820Type.ReservedKern)) continue;
            if (lastAddr < e.Addr) RegisterNosave(Pfn.Down(lastAddr), Pfn.Up(e.Addr), log);
            lastAddr = e.End;
        }
        RegisterNosave(Pfn.Down(lastAddr), limitPfn, log);
    }

    private static void RegisterNosave(Pfn start, Pfn end, KernelLog log)
    {
        if (start >= end) return;
        log.Info($"PM: hibernation: Registered nosave memory: {Printk.Mem10(start.Address, end.Address - 1)}");
    }

    /// <summary>
    /// e820__setup_pci_gap: the largest gap of at least 4 MiB below 4 GiB that no entry covers, walking the entries from
    /// the top (e820_search_gap: a later, lower gap of equal size wins), printed as <c>[mem %#010lx-%#010lx] available for
    /// PCI devices</c>. Without one the kernel complains and puts the window 1 MiB above max_pfn.
    /// </summary>
    public void SetupPciGap(Pfn maxPfn, KernelLog log)
    {
        ulong last = MaxGapEnd, gapStart = 0, gapSize = MinPciGap;
        bool found = false;
        for (int i = _entries.Length - 1; i >= 0; i--)
        {
            ulong start = _entries[i].Addr, end = _entries[i].End;
            if (last > end && last - end >= gapSize)
            {
                gapSize = last - end;
                gapStart = end;
                found = true;
            }
            if (start < last) last = start;
        }
        if (!found)
        {
            gapStart = maxPfn.Address + 0x100000;
            log.Err("Cannot find an available gap in the 32-bit address range");
            log.Err("PCI devices with unassigned 32-bit BARs may not work!");
        }
        log.Info($"{Printk.Mem10(gapStart, gapStart + gapSize - 1)} available for PCI devices");
    }
}
