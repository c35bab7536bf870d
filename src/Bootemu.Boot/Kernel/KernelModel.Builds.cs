using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Boot.Kernel;

/// <summary>The two builds bootemu models, each stated in one place.</summary>
public sealed partial record KernelModel
{
    /// <summary>Debian 12's 6.1 build (6.1.0-56-amd64), the kernel of the boots in tests/conformance.</summary>
    public static KernelModel Linux61 { get; } = new()
    {
        Version = "6.1",
        Build = "Debian 6.1.0-56-amd64 (6.1.192-2)",
        // Read off the conformance boots: the image reservation, then reserve_brk's used part of the brk area, and
        // _end at the brk area's end.
        Image = new KernelImageLayout(ImageStart: 0x1000000, ImageEnd: 0x4400000, BrkEnd: 0x4411000, KernelEnd: 0x442c000),
        Callers = new BootCallers
        {
            ReserveBrk = "setup_arch+0x797/0xd4f",
            E820MemblockSetup = "e820__memblock_setup+0x65/0x7d",
            ReserveRealMode = "reserve_real_mode+0x50/0x89",
            ReserveLowMegabyte = "setup_arch+0x7e0/0xd4f",
            AcpiReserveTables = "acpi_reserve_initial_tables+0x51/0x61",
            SparseInit = "sparse_init+0x9f/0x23c",
            SparseIndexAlloc = "sparse_index_alloc+0x40/0x65",
            SparseUsemap = "sparse_init_nid+0x8d/0x34d",
            SparseBuffer = "sparse_init_nid+0x11f/0x34d",
            VmemmapPageTable = "vmemmap_alloc_block_zero.constprop.0+0xc/0x28",
            VmemmapBlock = "vmemmap_populate+0x119/0x32d",
            PcpuFcAlloc = "pcpu_fc_alloc+0xf2/0x148",
            PcpuFreeUnitTail = "pcpu_embed_first_chunk+0x216/0x70f",
            PcpuAllocInfo = "pcpu_build_alloc_info+0x346/0x488",
            PcpuAreas = "pcpu_embed_first_chunk+0x69/0x70f",
            PcpuFreeAllocInfo = "pcpu_embed_first_chunk+0x285/0x70f",
            PcpuFreeAreas = "pcpu_embed_first_chunk+0x2cf/0x70f",
            SppGetpage = "spp_getpage+0x4e/0x97",
            SwiotlbBuffer = "swiotlb_init_remap+0x8a/0x22d",
            SwiotlbSlots = "swiotlb_init_remap+0x152/0x22d",
            SwiotlbAreas = "swiotlb_init_remap+0x1a8/0x22d",
        },
        Memblock = MemblockRules.Linux61,
        PercpuChunk = new PercpuChunkSizes(Static: 217088, Reserved: 8192, Dynamic: 28672),
        LargestBuddyOrder = 10, // MAX_ORDER 11 orders: 0..10
        NodeDataSize = 0x2b000,
        PgdatSize = 0x2b000,
        PrintsInitializingMemorylessNode = true,
        NodeDataFailurePanics = false,
        PrintsSratCpuAffinity = true,
        MeminfoBounds = NumaMeminfoBounds.ZeroToMaxPfn,
        CoverageCheck = NumaCoverageCheck.NodesCoverE820Ram,
        NodeDataRule = NodeDataRule.MeminfoHull,
        KernelcoreMirrorNeedsMirroredMemory = false,
        ZonelistSkipsMemorylessLocalNode = false,
        OfflineClearsNodeMemoryBeforeZonelists = false,
        DefaultOnlineType = OnlineType.Offline,
        MemmapOnMemoryForEveryBlock = false,
        CommandLine = CommandLineRules.Linux61,
        MaxPfnCountsAcpiData = false,
        SratWalk = SubtableWalk.CountsOnAfterError,
        UnownedMemoryNid = 1024,
        MovableNodeStartRoundsUp = false,
        ZonelistsAfterBootParams = false,
        HashSizingPages = HashSizingPages.ZoneManagedEstimates,
        ManagedEstimate = ManagedEstimate.PresentLessMemmap,
        DistanceTableFromMemblockAlloc = false,
        // "Freeing SMP alternatives memory: 36K"; then "Freeing unused decrypted memory: 2036K", "... (initmem) memory:
        // 2824K", "... (text/rodata gap) memory: 2040K" and "... (rodata/data gap) memory: 1108K".
        ImageFrees = new KernelImageFrees(BeforeInitcallsKiB: 36, AtInitEndKiB: 2036 + 2824 + 2040 + 1108),
        MovableWatermarksCapped = false,
        ZoneinfoPrintsPromo = false,
        ZoneinfoItems = ZoneinfoItems.Linux61,
        PagesetHighTunedAtRuntime = false,
        // hp1_offline_boot_node0 and hp1mn_kernel_block_pinned (conformance-hotplug) dump 0x...1000(reserved|...) and
        // 0x...0200(slab|...).
        PageFlags = new PageFlagBits(ReservedBit: 12, SlabBit: 9, SlabPageType: null),
        FakeNodesTakeOverPxms = false,
    };

    /// <summary>
    /// Debian's 6.12 LTS build (6.12.118+deb12-amd64, 6.12.118-1~deb12u1), the kernel of the boots in
    /// tests/conformance-6.12. x86's NUMA memblock code moved to mm/numa_memblks.c and mm/numa.c in this version.
    /// </summary>
    public static KernelModel Linux612 { get; } = new()
    {
        Version = "6.12",
        Build = "Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1)",
        // The 6.12 image has more text and much less bss: brk starts at 0x3c00000 (memblock=debug's reserve_brk line).
        Image = new KernelImageLayout(ImageStart: 0x1000000, ImageEnd: 0x3c00000, BrkEnd: 0x3c11000, KernelEnd: 0x3c2c000),
        Callers = new BootCallers
        {
            ReserveBrk = "setup_arch+0xc7e/0xe70",
            E820MemblockSetup = "e820__memblock_setup+0x73/0xb0",
            ReserveRealMode = "reserve_real_mode+0x57/0x90",
            ReserveLowMegabyte = "setup_arch+0x891/0xe70",
            AcpiReserveTables = "acpi_reserve_initial_tables+0x4a/0x70",
            SparseInit = "sparse_init+0x456/0x490",
            SparseIndexAlloc = "sparse_index_alloc+0x40/0x70",
            SparseUsemap = "sparse_init_nid+0x9f/0x5b0",
            SparseBuffer = "sparse_init_nid+0x111/0x5b0",
            VmemmapPageTable = "vmemmap_alloc_block_zero.constprop.0+0x11/0x50",
            VmemmapBlock = "vmemmap_populate_hugepages+0xe6/0x1a0",
            PcpuFcAlloc = "pcpu_fc_alloc+0x79/0x160",
            PcpuFreeUnitTail = "pcpu_embed_first_chunk+0x1f4/0x7e0",
            PcpuAllocInfo = "pcpu_build_alloc_info+0x2e8/0x610",
            PcpuAreas = "pcpu_embed_first_chunk+0x76/0x7e0",
            PcpuFreeAllocInfo = "pcpu_embed_first_chunk+0x280/0x7e0",
            PcpuFreeAreas = "pcpu_embed_first_chunk+0x301/0x7e0",
            SppGetpage = "spp_getpage+0x4e/0xa0",
            SwiotlbBuffer = "swiotlb_init_remap+0xf2/0x300",
            SwiotlbSlots = "swiotlb_init_remap+0x169/0x300",
            SwiotlbAreas = "swiotlb_init_remap+0x193/0x300",
        },
        Memblock = MemblockRules.Linux612,
        PercpuChunk = new PercpuChunkSizes(Static: 233472, Reserved: 8192, Dynamic: 28672),
        LargestBuddyOrder = 10, // MAX_PAGE_ORDER 10
        NodeDataSize = 0x2a980,
        PgdatSize = 0x2a980,
        PrintsInitializingMemorylessNode = false,
        NodeDataFailurePanics = true,
        PrintsSratCpuAffinity = false,
        MeminfoBounds = NumaMeminfoBounds.MemblockDram,
        CoverageCheck = NumaCoverageCheck.MemoryWithoutNode,
        NodeDataRule = NodeDataRule.MemblockPages,
        KernelcoreMirrorNeedsMirroredMemory = true,
        ZonelistSkipsMemorylessLocalNode = true,
        OfflineClearsNodeMemoryBeforeZonelists = true,
        DefaultOnlineType = OnlineType.Online,
        MemmapOnMemoryForEveryBlock = true,
        CommandLine = CommandLineRules.Linux612,
        MaxPfnCountsAcpiData = true,
        SratWalk = SubtableWalk.StopsAtError,
        UnownedMemoryNid = -1,
        MovableNodeStartRoundsUp = true,
        ZonelistsAfterBootParams = true,
        HashSizingPages = HashSizingPages.FreeMemblockPages,
        ManagedEstimate = ManagedEstimate.Present,
        DistanceTableFromMemblockAlloc = true,
        // "Freeing SMP alternatives memory: 40K"; then "Freeing unused decrypted memory: 2028K", "... (initmem) memory:
        // 4260K" and "... (rodata/data gap) memory: 568K" (no text/rodata gap line).
        ImageFrees = new KernelImageFrees(BeforeInitcallsKiB: 40, AtInitEndKiB: 2028 + 4260 + 568),
        MovableWatermarksCapped = true,
        ZoneinfoPrintsPromo = true,
        ZoneinfoItems = ZoneinfoItems.Linux612,
        PagesetHighTunedAtRuntime = true,
        // Read from 6.12's enum pageflags and PGTY_slab; no real 6.12 offline has been recorded.
        PageFlags = new PageFlagBits(ReservedBit: 13, SlabBit: null, SlabPageType: 0xf5),
        FakeNodesTakeOverPxms = true,
    };
}
