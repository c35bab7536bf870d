using Bootemu.Boot.Kernel;
using Bootemu.Core.Printk;
using Bootemu.Machine;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Setup;

/// <summary>
/// Where the kernel image and its brk area sit in physical memory. With <c>nokaslr</c> the boot loader puts the image at
/// CONFIG_PHYSICAL_START (16 MiB), which every real BIOS's e820 map has as RAM. A map bootemu assumed from the SRAT
/// alone may have no RAM there (an SRAT that starts above 16 MiB, or a node boundary inside the image): the kernel
/// would then mark the image RAM and reject the SRAT for covering less than the e820 map, a problem the firmware does
/// not have. So with an assumed map the image moves, as a boot loader moves a relocatable kernel, to the lowest
/// CONFIG_PHYSICAL_ALIGN boundary at or above 16 MiB where it and its brk area lie inside one RAM range.
/// </summary>
internal sealed record KernelImagePlacement(ulong ImageStart, ulong ImageEnd, ulong BrkStart, ulong BrkEnd, ulong KernelEnd, bool GivenByMachine)
{
    /// <summary>CONFIG_PHYSICAL_ALIGN of Debian's build: a relocated image starts on a 2 MiB boundary.</summary>
    public const ulong PhysicalAlign = 0x200000;

    /// <summary>The image itself, [start, end): what early_reserve_memory reserves and e820 must hold as RAM.</summary>
    public (ulong Start, ulong End) Image => (ImageStart, ImageEnd);

    /// <summary>
    /// reserve_brk (arch/x86/kernel/setup.c): the used part of the brk area (early page tables, DMI) right after the
    /// image. A machine that gives its own image range gives no brk area.
    /// </summary>
    public void ReserveBrk(Memblock.Memblock memblock, BootAllocations allocations, BootCallers callers)
    {
        if (GivenByMachine) return;
        memblock.Reserve(BrkStart, BrkEnd - BrkStart, callers.ReserveBrk);
        allocations.Add(BootAllocationNames.Brk, BrkStart, BrkEnd - BrkStart);
    }

    private static KernelImagePlacement Standard(KernelImageLayout layout) =>
        new(layout.ImageStart, layout.ImageEnd, layout.BrkStart, layout.BrkEnd, layout.KernelEnd, false);

    public static KernelImagePlacement For(MachineDescription machine, KernelModel kernel, List<string> notes)
    {
        if (machine.KernelImage is { } given)
            return Standard(kernel.Image) with { ImageStart = given.Start, ImageEnd = given.End, GivenByMachine = true };
        var placement = Standard(kernel.Image);
        if (machine.E820DerivedFromSrat && Relocated(machine.BiosE820, kernel.Image) is { } moved && moved.ImageStart != placement.ImageStart)
        {
            notes.Add($"no RAM of the assumed e820 map holds the kernel image at {Printk.AltHex(placement.ImageStart)}: it is assumed loaded at " +
                      $"{Printk.AltHex(moved.ImageStart)}, the lowest {PhysicalAlign >> 20} MiB boundary above it inside one RAM range, as a boot loader places a relocatable kernel");
            placement = moved;
        }
        notes.Add($"kernel image assumed at [{Printk.AltHex(placement.ImageStart)}, {Printk.AltHex(placement.ImageEnd)}): Debian {kernel.Version}'s reservation with nokaslr");
        return placement;
    }

    /// <summary>
    /// The standard placement moved up to the first aligned place in RAM that holds the image through its brk end, below
    /// MAX_PHYSMEM_BITS (the kernel maps nothing above it, so no boot loader can run a kernel there).
    /// </summary>
    private static KernelImagePlacement? Relocated(E820Table e820, KernelImageLayout layout)
    {
        ulong span = layout.KernelEnd - layout.ImageStart;
        ulong limit = E820Table.MaxArchPfn.Address;
        foreach (var entry in e820.Entries.Where(e => e.Type == E820Type.Ram).OrderBy(e => e.Addr))
        {
            ulong start = Math.Max(entry.Addr, layout.ImageStart);
            if (start > limit - PhysicalAlign) break;
            start = (start + PhysicalAlign - 1) & ~(PhysicalAlign - 1);
            ulong end = Math.Min(entry.End, limit);
            if (start >= end || end - start < span) continue;
            return Standard(layout.Shifted(start - layout.ImageStart));
        }
        return null;
    }
}
