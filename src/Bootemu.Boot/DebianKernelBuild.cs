namespace Bootemu.Boot;

/// <summary>
/// Layout facts that Debian's 6.1 and 6.12 builds share (same architecture, same configuration of what is emulated
/// here): the sizes of boot-time structures and fixed addresses. Every value was read off the real boots of both
/// kernels (tests/conformance, tests/conformance-6.12: the memblock=debug traces and the memory summaries). What
/// differs between the builds lives in <see cref="Kernel.KernelModel"/>.
/// </summary>
public static class DebianKernelBuild
{
    /// <summary>The real-mode trampoline reserve_real_mode() allocates below 1 MiB.</summary>
    public const ulong TrampolineSize = 28672;

    /// <summary>The mem_section root array sparse_init allocates first (NR_SECTION_ROOTS pointers).</summary>
    public const ulong MemSectionRootsSize = 32768;

    /// <summary>One mem_section root page: 256 sections of 16 bytes.</summary>
    public const ulong SectionRootPageSize = 4096;
    public const int SectionsPerRoot = 256;

    /// <summary>mem_section_usage_size(): the subsection bitmap plus pageblock flags of one section.</summary>
    public const ulong SectionUsageSize = 56;

    /// <summary>struct page is 64 bytes, so one 128 MiB section needs 2 MiB of memmap.</summary>
    public const ulong SectionMemmapSize = 2UL << 20;

    /// <summary>VMEMMAP_START with 4-level paging and nokaslr (no memory randomisation).</summary>
    public const ulong VmemmapStart = 0xffffea0000000000;

    /// <summary>__pa(MAX_DMA_ADDRESS): the lowest address vmemmap and percpu allocations aim for.</summary>
    public const ulong MaxDmaAddress = 16UL << 20;

    /// <summary>
    /// Where struct page's flags keep the node (NODES_PGSHIFT): SPARSEMEM_VMEMMAP leaves no section field, and both builds
    /// have NODES_SHIFT 10, so the node takes the top 10 bits.
    /// </summary>
    public const int PageFlagsNodeShift = 54;

    /// <summary>ZONES_PGSHIFT: three zone bits (DMA, DMA32, Normal, Movable, Device) below the node.</summary>
    public const int PageFlagsZoneShift = 51;

    /// <summary>
    /// LAST_CPUPID_PGSHIFT: NUMA_BALANCING keeps the last cpupid in the flags, 8 pid bits plus 13 cpu bits (MAXSMP's
    /// NR_CPUS 8192), below the zone.
    /// </summary>
    public const int PageFlagsLastCpupidShift = 30;

    /// <summary>The last-cpupid field of a page no task has touched since it was freed (page_cpupid_reset_last): all ones.</summary>
    public const ulong PageFlagsLastCpupidReset = 0x1fffff;

    /// <summary>ISA_END_ADDRESS: memblock's current_limit until the direct map exists.</summary>
    public const ulong IsaEnd = 0x100000;
}
