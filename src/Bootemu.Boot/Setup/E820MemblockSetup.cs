using Bootemu.Machine;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Setup;

/// <summary>
/// e820__memblock_setup() (arch/x86/kernel/e820.c): the moment memblock learns the machine's RAM.
/// Usable and RESERVED_KERN ranges become memblock.memory; soft-reserved ranges are reserved, not
/// added; memory is trimmed to whole pages and, with memblock=debug, dumped.
/// </summary>
internal static class E820MemblockSetup
{
    public static void Run(Memblock.Memblock memblock, IReadOnlyList<E820Entry> e820, Kernel.BootCallers callers)
    {
        // Growth of the region arrays is allowed from here on (the e820 map may have many ranges).
        memblock.AllowResize();
        foreach (var entry in e820)
        {
            if (entry.Type == E820Type.SoftReserved)
                memblock.Reserve(entry.Addr, entry.Size, callers.E820MemblockSetup);
            else if (entry.Type is E820Type.Ram or E820Type.ReservedKern)
                memblock.Add(entry.Addr, entry.Size, callers.E820MemblockSetup);
        }
        memblock.TrimMemory(Bootemu.Core.Pfn.PageSize);
        memblock.DumpAll();
    }
}
