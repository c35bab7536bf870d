using Bootemu.Boot.Kernel;
using Bootemu.Core;

namespace Bootemu.Boot.Setup;

/// <summary>
/// The memblock allocations of a page or more that start_kernel makes after the zonelists and before mem_init hands
/// memory to the page allocator (memblock_free_all): trap_init's fixmap page tables (cpu_entry_area through
/// set_pte_vaddr → spp_getpage) and pci_iommu_alloc's swiotlb (kernel/dma/swiotlb.c), which x86 sets up when RAM goes
/// past 4 GiB (pci_swiotlb_detect): a 64 MiB bounce buffer below 4 GiB, then its slot array and area array anywhere.
/// They stay PageReserved, so they count against the zones' managed pages like every earlier reservation.
/// Sub-page allocations in between (the command-line copies, cpumasks, e820 resources) are not emulated.
/// </summary>
internal static class MemInitReservations
{
    /// <summary>IO_TLB_DEFAULT_SIZE: the bounce buffer swiotlb_init_remap asks for.</summary>
    private const ulong SwiotlbSize = 64UL << 20;

    /// <summary>IO_TLB_SHIFT: one slab of the buffer is 2 KiB.</summary>
    private const int SwiotlbSlabShift = 11;

    /// <summary>sizeof(struct io_tlb_slot) and sizeof(struct io_tlb_area) on x86_64.</summary>
    private const ulong SwiotlbSlotBytes = 24, SwiotlbAreaBytes = 16;

    /// <summary>ARCH_LOW_ADDRESS_LIMIT: memblock_alloc_low's ceiling.</summary>
    private const ulong LowAddressLimit = 0xffffffff;

    /// <summary>
    /// The fixmap page-table pages trap_init needs for the cpu_entry_area of the conformance boots' two CPUs (three
    /// spp_getpage lines on both builds). More CPUs can need more page-table pages; that is not emulated.
    /// </summary>
    private const int FixmapPageTablePages = 3;

    /// <param name="maxPfn">max_pfn; the swiotlb is set up when it lies above 4 GiB.</param>
    /// <param name="possibleCpus">num_possible_cpus: swiotlb makes one area per CPU, rounded up to a power of two.</param>
    public static void Run(Memblock.Memblock memblock, Pfn maxPfn, int possibleCpus, BootAllocations allocations, KernelModel kernel)
    {
        for (int i = 0; i < FixmapPageTablePages; i++)
        {
            ulong page = memblock.AllocTryNid(Pfn.PageSize, Pfn.PageSize, 0, 0, Memblock.Memblock.NumaNoNode, kernel.Callers.SppGetpage);
            if (page != 0) allocations.Add(BootAllocationNames.FixmapPageTables, page, Pfn.PageSize);
        }

        if (maxPfn <= Zones.ArchZoneRanges.MaxDma32Pfn) return;
        ulong buffer = memblock.AllocTryNid(SwiotlbSize, Pfn.PageSize, 0, LowAddressLimit, Memblock.Memblock.NumaNoNode, kernel.Callers.SwiotlbBuffer);
        if (buffer == 0) return;
        allocations.Add(BootAllocationNames.SwiotlbBuffer, buffer, SwiotlbSize);
        ulong slotsSize = (SwiotlbSize >> SwiotlbSlabShift) * SwiotlbSlotBytes;
        ulong slots = memblock.AllocTryNid(slotsSize, Pfn.PageSize, 0, 0, Memblock.Memblock.NumaNoNode, kernel.Callers.SwiotlbSlots);
        if (slots != 0) allocations.Add(BootAllocationNames.SwiotlbSlots, slots, slotsSize);
        ulong areas = System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(possibleCpus, 1));
        memblock.AllocTryNid(areas * SwiotlbAreaBytes, 64, 0, 0, Memblock.Memblock.NumaNoNode, kernel.Callers.SwiotlbAreas);
    }
}
