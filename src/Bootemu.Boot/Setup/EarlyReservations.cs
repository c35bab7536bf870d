using Bootemu.Boot.Model;
using Bootemu.Machine;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Setup;

/// <summary>
/// early_reserve_memory() (arch/x86/kernel/setup.c): the reservations x86 makes before memblock
/// knows any memory, before memblock=debug is even parsed (so they print nothing): the kernel
/// image, the first 64 KiB, the initrd, and the BIOS/EBDA area up to 1 MiB.
/// </summary>
internal static class EarlyReservations
{
    /// <summary>reserve_bios_regions' sanity window for the BIOS data area's low-memory size.</summary>
    private const ulong BiosStartMin = 0x20000;
    private const ulong BiosStartMax = 0x9f000;

    public static void Run(Memblock.Memblock memblock, (ulong Start, ulong End) kernelImage, (ulong Start, ulong End)? initrd,
        IReadOnlyList<E820Entry> firmwareE820, BootAllocations allocations)
    {
        Reserve(memblock, allocations, BootAllocationNames.KernelImage, kernelImage.Start, kernelImage.End - kernelImage.Start);
        Reserve(memblock, allocations, BootAllocationNames.FirstPages, 0, 0x10000);
        if (initrd is { } rd)
        {
            // early_reserve_initrd reserves whole pages: the image rounded out to page boundaries.
            ulong start = rd.Start & ~0xfffUL;
            ulong end = (rd.End + 0xfff) & ~0xfffUL;
            Reserve(memblock, allocations, BootAllocationNames.Initrd, start, end - start);
        }
        ulong biosStart = BiosRegionStart(firmwareE820);
        Reserve(memblock, allocations, BootAllocationNames.BiosRegion, biosStart, 0x100000 - biosStart);
    }

    /// <summary>
    /// reserve_initrd (arch/x86/kernel/setup.c), later in setup_arch: the initrd, already reserved here, stays where
    /// it is; the kernel prints its page-rounded range.
    /// </summary>
    public static void ReserveInitrd((ulong Start, ulong End)? initrd, Core.Logging.KernelLog log)
    {
        if (initrd is not { } rd) return;
        ulong end = (rd.End + 0xfff) & ~0xfffUL;
        log.Info($"RAMDISK: [mem {Core.Printk.Printk.AltHex(rd.Start, 10)}-{Core.Printk.Printk.AltHex(end - 1, 10)}]");
    }

    /// <summary>
    /// reserve_bios_regions(): the BIOS data area says how much low memory there is (and where the
    /// EBDA starts); firmware reports that same boundary as the end of the first e820 RAM range. A
    /// value outside [128 KiB, 0x9f000] is replaced by 0x9f000, and the result is rounded down to a page.
    /// </summary>
    public static ulong BiosRegionStart(IReadOnlyList<E820Entry> firmwareE820)
    {
        ulong lowmem = 0;
        foreach (var e in firmwareE820)
            if (e.Type == E820Type.Ram && e.Addr == 0) lowmem = e.End;
        if (lowmem < BiosStartMin || lowmem > BiosStartMax) lowmem = BiosStartMax;
        return lowmem & ~0xfffUL;
    }

    private static void Reserve(Memblock.Memblock memblock, BootAllocations allocations, AllocationName what, ulong @base, ulong size)
    {
        memblock.Reserve(@base, size);
        allocations.Add(what, @base, size);
    }
}
