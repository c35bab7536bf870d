namespace Bootemu.Boot.Kernel;

/// <summary>
/// The <c>%pS</c> call sites ("symbol+0xoffset/0xsize") that memblock=debug prints for the boot calls bootemu
/// emulates. Offsets and function sizes change with every build, so each <see cref="KernelModel"/> states its own,
/// read off that build's memblock=debug conformance boot (memblock_debug_srat2_hp1_movable_node).
/// </summary>
public sealed record BootCallers
{
    /// <summary>setup_arch → reserve_brk: the used part of the brk area.</summary>
    public required string ReserveBrk { get; init; }
    /// <summary>e820__memblock_setup: every usable e820 range added, every reserved-kern range reserved.</summary>
    public required string E820MemblockSetup { get; init; }
    /// <summary>reserve_real_mode: the trampoline below 1 MiB.</summary>
    public required string ReserveRealMode { get; init; }
    /// <summary>setup_arch: the whole low megabyte reserved.</summary>
    public required string ReserveLowMegabyte { get; init; }
    /// <summary>acpi_reserve_initial_tables: one reservation per ACPI table.</summary>
    public required string AcpiReserveTables { get; init; }
    /// <summary>sparse_init: the mem_section root array.</summary>
    public required string SparseInit { get; init; }
    /// <summary>sparse_index_alloc: one mem_section root page.</summary>
    public required string SparseIndexAlloc { get; init; }
    /// <summary>sparse_init_nid: a node's usemaps.</summary>
    public required string SparseUsemap { get; init; }
    /// <summary>sparse_init_nid: a node's memmap buffer (sparse_buffer_init).</summary>
    public required string SparseBuffer { get; init; }
    /// <summary>vmemmap_alloc_block_zero: a vmemmap page-table page.</summary>
    public required string VmemmapPageTable { get; init; }
    /// <summary>The 2 MiB vmemmap block allocated when the memmap buffer has no room (vmemmap_populate[_hugepages]).</summary>
    public required string VmemmapBlock { get; init; }
    /// <summary>pcpu_fc_alloc: one group's per-CPU units.</summary>
    public required string PcpuFcAlloc { get; init; }
    /// <summary>pcpu_embed_first_chunk: the unused tail of each unit given back.</summary>
    public required string PcpuFreeUnitTail { get; init; }
    /// <summary>pcpu_build_alloc_info: the allocation info.</summary>
    public required string PcpuAllocInfo { get; init; }
    /// <summary>pcpu_embed_first_chunk: the array of group base pointers.</summary>
    public required string PcpuAreas { get; init; }
    /// <summary>pcpu_embed_first_chunk (pcpu_free_alloc_info inlined): the allocation info freed, first.</summary>
    public required string PcpuFreeAllocInfo { get; init; }
    /// <summary>pcpu_embed_first_chunk: the group pointer array freed, after the info.</summary>
    public required string PcpuFreeAreas { get; init; }

    /// <summary>trap_init's fixmap page tables (set_pte_vaddr → spp_getpage).</summary>
    public required string SppGetpage { get; init; }

    /// <summary>swiotlb_init_remap's bounce buffer (memblock_alloc_low).</summary>
    public required string SwiotlbBuffer { get; init; }

    /// <summary>swiotlb_init_remap's slot array.</summary>
    public required string SwiotlbSlots { get; init; }

    /// <summary>swiotlb_init_remap's area array.</summary>
    public required string SwiotlbAreas { get; init; }

    /// <summary>
    /// alloc_large_system_hash's memblock_alloc of the dentry and inode hash tables (one memory node only). No real
    /// memblock=debug boot of such a machine is at hand, so the offsets in Debian's build are not known: the line gives
    /// the function's name alone.
    /// </summary>
    public string AllocLargeSystemHash { get; init; } = "alloc_large_system_hash";
}
