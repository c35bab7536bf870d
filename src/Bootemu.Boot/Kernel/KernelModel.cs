using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Boot.Kernel;

/// <summary>
/// The kernel build an emulated machine boots: its version and every fact or rule in which one emulated kernel differs
/// from another. Chosen once per machine (<see cref="BootPipeline.Run"/> takes it, <see cref="Model.BootResult"/>
/// carries it on to the hotplug layer) and handed to the steps that differ, so a step asks the model, never a version
/// number. Each member is one difference, documented with what each kernel does and where; the values of each build
/// are stated together in <see cref="Linux61"/> and <see cref="Linux612"/>.
/// </summary>
public sealed partial record KernelModel
{
    /// <summary>The kernel version as users name it ("6.1", "6.12").</summary>
    public required string Version { get; init; }

    /// <summary>The exact build whose behaviour and layout were checked against real boots.</summary>
    public required string Build { get; init; }

    /// <summary>Where the image and its brk area sit with nokaslr.</summary>
    public required KernelImageLayout Image { get; init; }

    /// <summary>The call sites memblock=debug prints for the boot's own calls.</summary>
    public required BootCallers Callers { get; init; }

    /// <summary>
    /// The build's mm/memblock.c where builds differ: the call sites memblock=debug prints for memblock's internal calls,
    /// the count of an empty region array (1 on 6.1, 0 on 6.12), a resize before it is allowed (-1 on 6.1, panic on 6.12).
    /// </summary>
    public required MemblockRules Memblock { get; init; }

    /// <summary>
    /// The per-CPU first chunk's sizes, static (the build's .data..percpu: 217,088 bytes on 6.1, 233,472 on 6.12),
    /// reserved for modules and dynamic, as "percpu: Embedded ... s217088 r8192 d28672" prints them.
    /// </summary>
    public required PercpuChunkSizes PercpuChunk { get; init; }

    /// <summary>
    /// The bytes of each CPU's unit that the per-CPU first chunk keeps (static + reserved + dynamic, page aligned);
    /// the rest of the unit is given back. "percpu: Embedded N pages/cpu": 62 pages on 6.1, 66 on 6.12.
    /// </summary>
    public ulong PercpuUnitUsed => (PercpuChunk.Static + PercpuChunk.Reserved + PercpuChunk.Dynamic + 4095) & ~4095UL;

    /// <summary>
    /// The order of the buddy allocator's largest free block (pageblocks of that order are what the page allocator
    /// frees boot memory in and what it can hand out whole). 6.1's include/linux/mmzone.h defines MAX_ORDER 11, the
    /// number of orders, so its largest order is MAX_ORDER - 1 = 10; 6.12 renamed the constant MAX_PAGE_ORDER and made it
    /// the largest order itself, 10. Neither Debian amd64 build sets CONFIG_ARCH_FORCE_MAX_ORDER, so both are order 10:
    /// 1024 pages, 4 MiB with 4 KiB pages. Read by bootemu's derived-zones experiment (not a Linux behaviour), whose zones
    /// are made of whole blocks of this order.
    /// </summary>
    public required int LargestBuddyOrder { get; init; }

    /// <summary>Pages in one block of <see cref="LargestBuddyOrder"/> (MAX_ORDER_NR_PAGES): 1024 on both builds.</summary>
    public ulong MaxOrderBlockPages => 1UL << LargestBuddyOrder;

    /// <summary>
    /// alloc_node_data's request: 6.1 rounds sizeof(pg_data_t) up to a page (0x2b000); 6.12 (mm/numa.c) only to a
    /// cache line (0x2a980), so NODE_DATA and everything allocated after it move by a few hundred bytes.
    /// </summary>
    public required ulong NodeDataSize { get; init; }

    /// <summary>
    /// sizeof(pg_data_t): free_area_init's allocation for a node left offline by NUMA init (a memoryless or tiny node).
    /// 6.12's is 0x2a980 (its cache-line-rounded NODE_DATA). 6.1's boots show only the page-rounded 0x2b000, so its
    /// size lies in (0x2a000, 0x2b000] and the rounded value stands in (a top-down allocation may then sit up to one
    /// page lower than the kernel's).
    /// </summary>
    public required ulong PgdatSize { get; init; }

    /// <summary>
    /// Whether free_area_init says "Initializing node N as memoryless" when it gives a node left offline by NUMA init
    /// its pg_data_t: 6.1 does; 6.12's alloc_offline_node_data is silent.
    /// </summary>
    public required bool PrintsInitializingMemorylessNode { get; init; }

    /// <summary>
    /// What alloc_node_data does when no node has room: 6.1 prints "Cannot find N bytes in any node" and leaves the
    /// node offline; 6.12 panics ("Cannot allocate N bytes for node N data").
    /// </summary>
    public required bool NodeDataFailurePanics { get; init; }

    /// <summary>
    /// Whether acpi_numa_processor_affinity_init / acpi_numa_x2apic_affinity_init print
    /// "SRAT: PXM n -> APIC 0xNN -> Node n": at KERN_INFO on 6.1; pr_debug on 6.12, so not at all on Debian's build.
    /// </summary>
    public required bool PrintsSratCpuAffinity { get; init; }

    /// <summary>The bounds numa_cleanup_meminfo trims every NUMA memory block to.</summary>
    public required NumaMeminfoBounds MeminfoBounds { get; init; }

    /// <summary>How numa_init decides that the nodes cover too little memory, and what it prints then.</summary>
    public required NumaCoverageCheck CoverageCheck { get; init; }

    /// <summary>Which possible nodes get NODE_DATA and are put online by numa_init.</summary>
    public required NodeDataRule NodeDataRule { get; init; }

    /// <summary>
    /// find_zone_movable_pfns_for_nodes with kernelcore=mirror on a machine without mirrored memory: 6.1 goes ahead and
    /// makes all memory above 4 GiB ZONE_MOVABLE; 6.12 prints "The system has no mirror memory, ignore
    /// kernelcore=mirror." and sizes no ZONE_MOVABLE.
    /// </summary>
    public required bool KernelcoreMirrorNeedsMirroredMemory { get; init; }

    /// <summary>
    /// find_next_best_node's first pick: 6.1 always starts a node's zonelist with the node itself; 6.12 skips a
    /// memoryless node there, so "Fallback order for Node 1: 0" instead of "1 0".
    /// </summary>
    public required bool ZonelistSkipsMemorylessLocalNode { get; init; }

    /// <summary>
    /// offline_pages when a zone loses its last pages: 6.1 rebuilds the zonelists first and clears the node's N_MEMORY
    /// after, so a node that just lost all its memory is still listed in every "Fallback order" line of that rebuild;
    /// 6.12 clears N_MEMORY first, so the rebuild already leaves the node out.
    /// </summary>
    public required bool OfflineClearsNodeMemoryBeforeZonelists { get; init; }

    /// <summary>
    /// The online type of memory hot-added without memhp_default_state= (auto_online_blocks): Debian's 6.1 build leaves
    /// it offline (MEMORY_HOTPLUG_DEFAULT_ONLINE unset); its 6.12 build onlines it at once (MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO).
    /// </summary>
    public required OnlineType DefaultOnlineType { get; init; }

    /// <summary>
    /// Which hot-added memory gets its memmap on itself when memory_hotplug.memmap_on_memory is on: on 6.1 only an add of
    /// exactly one memory block; on 6.12 every block of any add (each block its own altmap).
    /// </summary>
    public required bool MemmapOnMemoryForEveryBlock { get; init; }

    /// <summary>How the build parses the command line where the builds differ (registered words, parameter forms).</summary>
    public required CommandLineRules CommandLine { get; init; }

    /// <summary>
    /// e820__end_ram_pfn: 6.1 ends RAM at the highest usable range; 6.12 counts ACPI data ranges (type 3) too, so one
    /// above the last RAM raises max_pfn (the last_pfn line, the zone ranges, the fake node).
    /// </summary>
    public required bool MaxPfnCountsAcpiData { get; init; }

    /// <summary>How the SRAT's subtables are walked (acpi_parse_entries_array).</summary>
    public required SubtableWalk SratWalk { get; init; }

    /// <summary>
    /// The node id memblock gives memory no node claimed: MAX_NUMNODES (1024) on 6.1, NUMA_NO_NODE (-1) on 6.12. It shows
    /// in "Early memory node ranges" ("node 1024:" against "node  -1:"), and early_pfn_to_nid falls back to the first
    /// online node for such memory on 6.12 only.
    /// </summary>
    public required int UnownedMemoryNid { get; init; }

    /// <summary>
    /// find_zone_movable_pfns_for_nodes under movable_node: a node's ZONE_MOVABLE starts at its first hot-pluggable
    /// region's base pfn, rounded down on 6.1 (PFN_DOWN) and up on 6.12 (memblock_region_memory_base_pfn); it differs
    /// when an SRAT range starts inside a page.
    /// </summary>
    public required bool MovableNodeStartRoundsUp { get; init; }

    /// <summary>
    /// start_kernel's order: 6.1 builds the zonelists (the "Fallback order" lines) before parse_args, whose messages
    /// ("Unknown kernel command line parameters", "invalid for parameter") follow; 6.12 parses first and builds the
    /// zonelists in mm_core_init.
    /// </summary>
    public required bool ZonelistsAfterBootParams { get; init; }

    /// <summary>
    /// What alloc_large_system_hash sizes its tables by (nr_kernel_pages, nr_all_pages): on 6.1 free_area_init_core sums
    /// each zone's present pages less its memmap; on 6.12 calc_nr_kernel_pages counts the pages of memblock's free ranges
    /// when free_area_init ends.
    /// </summary>
    public required HashSizingPages HashSizingPages { get; init; }

    /// <summary>
    /// The managed pages free_area_init_core gives a zone before memblock_free_all (zone_init_internals), which
    /// build_all_zonelists sums into its "Total pages": 6.1 present pages less the zone's memmap, 6.12 the present pages.
    /// </summary>
    public required ManagedEstimate ManagedEstimate { get; init; }

    /// <summary>
    /// numa_alloc_distance's request for a distance table (the SLIT's, or the one NUMA emulation rebuilds), and NUMA
    /// emulation's copy of the physical one: memblock_phys_alloc_range on 6.1, memblock_alloc on 6.12. Same place;
    /// memblock=debug prints a memblock_phys_alloc_range line on one and memblock_alloc_try_nid on the other.
    /// </summary>
    public required bool DistanceTableFromMemblockAlloc { get; init; }

    /// <summary>
    /// The parts of the kernel image handed back to the page allocator after boot, which raise the managed pages of the
    /// zone holding the image: SMP alternatives early in start_kernel (before the initcalls set the watermarks), the
    /// unused decrypted bss, init sections and section gaps when init ends. Read off each build's "Freeing ..." lines.
    /// </summary>
    public required KernelImageFrees ImageFrees { get; init; }

    /// <summary>
    /// __setup_per_zone_wmarks: 6.1 shares min_free_kbytes over every zone but highmem, ZONE_MOVABLE included; 6.12
    /// leaves ZONE_MOVABLE out of the share and gives it the highmem minimum (managed/1024, clamped to [32, 128]).
    /// </summary>
    public required bool MovableWatermarksCapped { get; init; }

    /// <summary>zoneinfo_show_print: 6.12 prints a "promo" watermark line (high + the low-min step) after "high"; 6.1 does not.</summary>
    public required bool ZoneinfoPrintsPromo { get; init; }

    /// <summary>
    /// The vmstat counters /proc/zoneinfo lists (names and order): 6.12 adds nr_iommu_pages and three pgdemote counters to
    /// each node's, and nr_unaccepted to each zone's.
    /// </summary>
    public required ZoneinfoItems ZoneinfoItems { get; init; }

    /// <summary>
    /// The pageset "high" /proc/zoneinfo prints for each CPU: 6.1 prints what zone_pcp_update set (zone_highsize); 6.12
    /// sets only the bounds (high_min from the low watermark, high_max) and tunes each CPU's high between them as it
    /// frees pages, so the value is runtime state: 0 on a CPU that has not yet used the zone, high_min once it is idle.
    /// </summary>
    public required bool PagesetHighTunedAtRuntime { get; init; }

    /// <summary>
    /// Where PG_reserved sits in a page's flags and how a slab page is marked (PG_slab on 6.1, a page type on 6.12): the
    /// "flags:" line dump_page prints when memory offline meets an unmovable page.
    /// </summary>
    public required PageFlagBits PageFlags { get; init; }

    /// <summary>
    /// Whether numa=fake= nodes take over the ACPI proximity domains (6.12's fix_pxm_node_maps; 6.1 has none). On 6.12
    /// each PXM then names the lowest fake node of its physical node, a physical node that got no fake node is renumbered
    /// above the fake ones and made possible, the distance table gets a second pass for those renumbered nodes, and
    /// numa=off disables emulation altogether. 6.1 leaves the PXM map on the physical node ids and emulates under
    /// numa=off too (on the dummy node). The other visible difference of emulation, fake nodes in low memory starting
    /// at 0x1000 instead of 0, follows from <see cref="MeminfoBounds"/>.
    /// </summary>
    public required bool FakeNodesTakeOverPxms { get; init; }

    /// <summary>Every kernel bootemu models, oldest first.</summary>
    public static IReadOnlyList<KernelModel> All { get; } = [Linux61, Linux612];

    /// <summary>The kernel bootemu emulates when none is chosen: the current long-term kernel.</summary>
    public static KernelModel Default => Linux612;

    /// <summary>The model of <paramref name="version"/>, or null when bootemu has none.</summary>
    public static KernelModel? ForVersion(string version) => All.FirstOrDefault(k => k.Version == version);

    /// <summary>
    /// The model of a running kernel from its release as <c>uname -r</c> prints it ("6.1.0-56-amd64",
    /// "6.12.118+deb12-amd64"): the model whose version is the release's major.minor, or null when it is neither.
    /// </summary>
    public static KernelModel? ForRelease(string release)
    {
        var parts = release.Trim().Split('.', 3);
        if (parts.Length < 2) return null;
        string minor = new(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return minor.Length == 0 ? null : ForVersion($"{parts[0]}.{minor}");
    }

    /// <summary>"6.1 or 6.12": the versions a user may choose from, for help texts and errors.</summary>
    public static string Versions => string.Join(" or ", All.Select(k => k.Version));
}

/// <summary>How a build counts the pages alloc_large_system_hash sizes its tables by.</summary>
public enum HashSizingPages
{
    /// <summary>
    /// 6.1: nr_kernel_pages, the sum of the zones' managed estimates (<see cref="KernelModel.ManagedEstimate"/>: present
    /// pages less the memmap, ZONE_DMA less the dma_reserve).
    /// </summary>
    ZoneManagedEstimates,

    /// <summary>6.12: the whole pages of memblock's free ranges when free_area_init ends.</summary>
    FreeMemblockPages,
}

/// <summary>The sizes pcpu_embed_first_chunk gives each CPU: static, PERCPU_MODULE_RESERVE and PERCPU_DYNAMIC_RESERVE.</summary>
public readonly record struct PercpuChunkSizes(ulong Static, ulong Reserved, ulong Dynamic);

/// <summary>How free_area_init_core estimates a zone's managed pages (<see cref="KernelModel.ManagedEstimate"/>).</summary>
public enum ManagedEstimate
{
    /// <summary>6.1: present pages less calc_memmap_size, when they can pay for it.</summary>
    PresentLessMemmap,

    /// <summary>6.12: the present pages (the memmap is accounted apart, in memmap_pages_add).</summary>
    Present,
}

/// <summary>The range numa_cleanup_meminfo keeps of each NUMA memory block (the rest moves to numa_reserved_meminfo or goes).</summary>
public enum NumaMeminfoBounds
{
    /// <summary>6.1 (arch/x86/mm/numa.c): [0, max_pfn).</summary>
    ZeroToMaxPfn,

    /// <summary>
    /// 6.12 (mm/numa_memblks.c): [memblock_start_of_DRAM, memblock_end_of_DRAM). On a PC page 0 is reserved in e820,
    /// so node 0 starts at 0x1000, which the "NUMA: Node 0 [mem 0x00001000-...]" merge lines show.
    /// </summary>
    MemblockDram,
}

/// <summary>The coverage check numa_init makes before it puts nodes online.</summary>
public enum NumaCoverageCheck
{
    /// <summary>
    /// 6.1 numa_meminfo_cover_memory: the pages the NUMA blocks cover against the e820 RAM below max_pfn; 1 MiB or
    /// more short rejects the SRAT with "NUMA: nodes only cover NMB of your NMB e820 RAM. Not used.".
    /// </summary>
    NodesCoverE820Ram,

    /// <summary>
    /// 6.12 memblock_validate_numa_coverage (mm/memblock.c): the whole pages of memblock memory left without a node;
    /// more than 1 MiB rejects the SRAT with "NUMA: no nodes coverage for NMB of NMB RAM".
    /// </summary>
    MemoryWithoutNode,
}

/// <summary>Which possible nodes numa_init gives a pg_data_t and puts online.</summary>
public enum NodeDataRule
{
    /// <summary>6.1 numa_register_memblks: a node whose NUMA blocks span a non-empty hull.</summary>
    MeminfoHull,

    /// <summary>6.12 numa_register_nodes: a node that owns at least one whole page of memblock memory (get_pfn_range_for_nid).</summary>
    MemblockPages,
}

/// <summary>acpi_parse_entries_array's walk over a table's subtables, as each build has it.</summary>
public enum SubtableWalk
{
    /// <summary>
    /// 6.1 (drivers/acpi/tables.c): after a handler error, later matching entries are counted but no handler runs and
    /// the walk goes on; a zero-length entry prints "ACPI: [SRAT:0xNN] Invalid zero length".
    /// </summary>
    CountsOnAfterError,

    /// <summary>6.12 (lib/fw_table.c): a handler error ends the walk at once; the zero-length line has no "ACPI: " prefix.</summary>
    StopsAtError,
}

/// <summary>Kernel image memory freed after memblock_free_all, in KiB as the "Freeing ..." lines print it.</summary>
/// <param name="BeforeInitcallsKiB">freed in start_kernel (alternative_instructions), before init_per_zone_wmark_min.</param>
/// <param name="AtInitEndKiB">freed when init ends (free_initmem, mark_rodata_ro), after the watermarks were set.</param>
public sealed record KernelImageFrees(ulong BeforeInitcallsKiB, ulong AtInitEndKiB);
