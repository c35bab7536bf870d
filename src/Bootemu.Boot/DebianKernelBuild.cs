namespace Bootemu.Boot;

/// <summary>
/// Facts about the one kernel build bootemu emulates (Debian 12, 6.1.0-56-amd64, 6.1.192-2) that
/// are not behaviour but layout: the sizes of boot-time
/// structures, and the <c>%pS</c> call sites that <c>memblock=debug</c> lines print. Every value was
/// read off the real boots in tests/conformance (the memblock=debug trace and the memory summary). Facts already
/// moved into <see cref="Kernel.KernelModel"/> (the image layout) vary by kernel; the rest move there as a second kernel
/// needs them.
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

    /// <summary>ISA_END_ADDRESS: memblock's current_limit until the direct map exists.</summary>
    public const ulong IsaEnd = 0x100000;

    /// <summary>The per-CPU first chunk: 62 pages used per CPU out of a 2 MiB unit (percpu: Embedded 62 pages/cpu ... u2097152).</summary>
    public const ulong PercpuUnitUsed = 62 * 4096;

    /// <summary>The <c>%pS</c> call sites printed by memblock=debug for the calls bootemu emulates.</summary>
    public static class Callers
    {
        public const string ReserveBrk = "setup_arch+0x797/0xd4f";
        public const string E820MemblockSetup = "e820__memblock_setup+0x65/0x7d";
        public const string ReserveRealMode = "reserve_real_mode+0x50/0x89";
        public const string ReserveLowMegabyte = "setup_arch+0x7e0/0xd4f";
        public const string AcpiReserveTables = "acpi_reserve_initial_tables+0x51/0x61";
        public const string SparseInit = "sparse_init+0x9f/0x23c";
        public const string SparseIndexAlloc = "sparse_index_alloc+0x40/0x65";
        public const string SparseUsemap = "sparse_init_nid+0x8d/0x34d";
        public const string SparseBuffer = "sparse_init_nid+0x11f/0x34d";
        public const string VmemmapPageTable = "vmemmap_alloc_block_zero.constprop.0+0xc/0x28";
        public const string VmemmapBlock = "vmemmap_populate+0x119/0x32d";
        public const string PcpuFcAlloc = "pcpu_fc_alloc+0xf2/0x148";
        public const string PcpuFreeUnitTail = "pcpu_embed_first_chunk+0x216/0x70f";
        public const string PcpuAllocInfo = "pcpu_build_alloc_info+0x346/0x488";
        public const string PcpuAreas = "pcpu_embed_first_chunk+0x69/0x70f";
        public const string PcpuFreeAreas = "pcpu_embed_first_chunk+0x285/0x70f";
        public const string PcpuFreeAllocInfo = "pcpu_embed_first_chunk+0x2cf/0x70f";
    }
}
