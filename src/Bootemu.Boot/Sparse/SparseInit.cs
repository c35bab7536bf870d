using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Setup;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Memblock;

namespace Bootemu.Boot.Sparse;

/// <summary>
/// sparse_init() with SPARSEMEM_VMEMMAP (mm/sparse.c, mm/sparse-vmemmap.c, arch/x86/mm/init_64.c
/// vmemmap_populate): which sections are present, and where the boot-time structures describing
/// them are allocated: the mem_section root array and root pages, each node's usemap, and each
/// node's memmap (2 MiB of struct pages per section). The memmap is first tried as one buffer on
/// the node itself (exact node, no fallback); when that fails, e.g. for a fully hotpluggable node
/// under movable_node, every section's 2 MiB is allocated separately and may land on any node.
/// Work is per range, per run of sections and per 1 GiB of vmemmap, never per page or per section.
/// </summary>
internal static class SparseInit
{
    private const ulong PmdSize = 2UL << 20;
    private const int PudShift = 30;   // one PMD table maps 1 GiB of vmemmap (64 GiB of memory)
    private const int P4dShift = 39;   // one PUD table maps 512 GiB of vmemmap (32 TiB of memory)

    /// <param name="nodeData">NODE_DATA(nid)'s physical address for every node that got one.</param>
    /// <returns>The present sections in ascending order, as runs of one node's consecutive sections.</returns>
    /// <param name="callers">the build's call sites, for memblock=debug.</param>
    public static IReadOnlyList<PresentSectionRun> Run(Memblock.Memblock memblock, IReadOnlyDictionary<int, ulong> nodeData,
        BootAllocations allocations, Bootemu.Core.Logging.KernelLog log, BootCallers callers, List<string>? notes = null)
    {
        var sections = MemoryPresent(memblock, allocations, log, callers, notes);
        // sparse_init calls sparse_init_nid for each stretch of present sections of one node, holes included.
        var pageTables = new VmemmapPageTables(callers);
        int stretchStart = 0;
        for (int i = 1; i <= sections.Count; i++)
        {
            if (i < sections.Count && sections[i].Nid == sections[stretchStart].Nid) continue;
            InitNid(memblock, nodeData, sections, stretchStart, i, pageTables, allocations, log, callers);
            stretchStart = i;
        }
        return sections;
    }

    /// <summary>
    /// memblocks_present(): every section touched by a memory range becomes present, with the nid
    /// of the first range that touches it. The root array is allocated at the first section, and a
    /// root page (256 sections) on the node of the first section that needs it.
    /// </summary>
    private static List<PresentSectionRun> MemoryPresent(Memblock.Memblock memblock, BootAllocations allocations,
        Bootemu.Core.Logging.KernelLog log, BootCallers callers, List<string>? notes)
    {
        var ranges = memblock.MemPfnRanges().ToArray(); // read before the root allocations change memblock
        var sections = new List<PresentSectionRun>();
        ulong lastRoot = ulong.MaxValue; // ranges come in address order, so roots are needed in ascending order
        bool rootArray = false, warnedLimit = false;
        foreach (var (start, end, nid) in ranges)
        {
            if (!rootArray)
            {
                rootArray = true;
                ulong array = memblock.AllocTryNid(DebianKernelBuild.MemSectionRootsSize, 64, 0, Memblock.Memblock.AllocAccessible,
                    Memblock.Memblock.NumaNoNode, callers.SparseInit);
                if (array != 0) allocations.Add(BootAllocationNames.MemSectionRoots, array, DebianKernelBuild.MemSectionRootsSize);
            }
            // mminit_validate_memmodel_limits: sparsemem ends at MAX_PHYSMEM_BITS. Memory past it (the e820 end of
            // RAM is already capped there, but memblock keeps the whole range) gets no sections; the kernel WARNs once.
            var (clippedStart, clippedEnd) = (Pfn.Min(start, Pfn.PhysmemEnd), Pfn.Min(end, Pfn.PhysmemEnd));
            if (clippedEnd != end && !warnedLimit)
            {
                warnedLimit = true;
                log.Warn(Bootemu.Core.Logging.KernelLog.CutHere);
                notes?.Add($"memory [{Printk.AltHex(Pfn.PhysmemEnd.Address)}-{Printk.AltHex(end.Address - 1)}] lies past MAX_PHYSMEM_BITS ({Pfn.MaxPhysmemBits} bits with 4-level paging): sparse_init gives it no memory sections, and the kernel WARNs in mminit_validate_memmodel_limits (only the cut-here banner is reproduced)");
            }
            if (clippedStart >= clippedEnd) continue;
            ulong first = clippedStart.Value >> MemorySection.PfnSectionShift;
            ulong last = (clippedEnd.Value - 1) >> MemorySection.PfnSectionShift;
            // One root page at a time: the sections it covers, then the next root.
            for (ulong s = first; s <= last; )
            {
                ulong rootOf = s / DebianKernelBuild.SectionsPerRoot;
                if (rootOf != lastRoot)
                {
                    lastRoot = rootOf;
                    ulong root = memblock.AllocTryNid(DebianKernelBuild.SectionRootPageSize, 64, 0, Memblock.Memblock.AllocAccessible,
                        nid, callers.SparseIndexAlloc);
                    if (root != 0) allocations.Add(BootAllocationNames.SectionRoot(nid), root, DebianKernelBuild.SectionRootPageSize, nid);
                }
                ulong rootLast = Math.Min(last, (rootOf + 1) * DebianKernelBuild.SectionsPerRoot - 1);
                // A section already present (touched by the previous range) keeps its first nid.
                ulong from = sections.Count > 0 && sections[^1].End > s ? sections[^1].End : s;
                if (from <= rootLast) AddSections(sections, from, rootLast + 1 - from, nid);
                s = rootLast + 1;
            }
        }
        return sections;
    }

    /// <summary>Appends present sections, joining them to the last run when they continue it on the same node.</summary>
    private static void AddSections(List<PresentSectionRun> sections, ulong first, ulong count, int nid)
    {
        if (sections.Count > 0 && sections[^1] is var last && last.End == first && last.Nid == nid)
            sections[^1] = last with { Count = last.Count + count };
        else
            sections.Add(new PresentSectionRun(first, count, nid));
    }

    /// <summary>
    /// sparse_init_nid(): usemap, memmap buffer and vmemmap population for one node's stretch of present sections,
    /// runs [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="sections"/>.
    /// </summary>
    private static void InitNid(Memblock.Memblock memblock, IReadOnlyDictionary<int, ulong> nodeData, List<PresentSectionRun> sections,
        int from, int to, VmemmapPageTables pageTables, BootAllocations allocations, Bootemu.Core.Logging.KernelLog log, BootCallers callers)
    {
        int nid = sections[from].Nid;
        ulong count = 0;
        for (int i = from; i < to; i++) count += sections[i].Count;
        if (!AllocUsemap(memblock, nodeData, nid, DebianKernelBuild.SectionUsageSize * count, allocations, callers))
        {
            log.Err($"sparse_init_nid: node[{nid}] usemap allocation failed");
            return;
        }

        // sparse_buffer_init: the whole run's memmap in one piece, on this node only.
        ulong bufferSize = count * DebianKernelBuild.SectionMemmapSize;
        ulong buffer = memblock.AllocExactNidRaw(bufferSize, DebianKernelBuild.SectionMemmapSize, DebianKernelBuild.MaxDmaAddress,
            Memblock.Memblock.AllocAccessible, nid, callers.SparseBuffer);
        if (buffer != 0) allocations.Add(BootAllocationNames.Memmap(nid), buffer, bufferSize, nid);

        // Without the buffer every section's 2 MiB is its own allocation. Blocks between two
        // page-table allocations are counted and placed together (see PlaceBlocks), so that the
        // page tables still come between them exactly where the kernel allocates them.
        // Section by section the kernel populates each one's 2 MiB of vmemmap; only the first section of each 1 GiB
        // slice of vmemmap can need a page table, so the sections go a slice at a time.
        ulong pending = 0;
        for (int i = from; i < to; i++)
        {
            for (ulong section = sections[i].First; section < sections[i].End; )
            {
                ulong vaddr = DebianKernelBuild.VmemmapStart + section * DebianKernelBuild.SectionMemmapSize;
                ulong sliceEnd = ((vaddr >> PudShift) + 1) << PudShift;
                ulong inSlice = Math.Min(sections[i].End - section, (sliceEnd - vaddr) / DebianKernelBuild.SectionMemmapSize);
                if (pageTables.WouldAllocate(vaddr) && !PlaceBlocks(memblock, nid, ref pending, allocations, log, callers)) return;
                pageTables.Populate(memblock, vaddr, nid, allocations);
                if (buffer == 0) pending += inSlice; // else sparse_buffer_alloc hands out the next 2 MiB of the buffer per section
                section += inSlice;
            }
        }
        PlaceBlocks(memblock, nid, ref pending, allocations, log, callers);
    }

    /// <summary>
    /// vmemmap_alloc_block for <paramref name="count"/> sections in a row: memblock_alloc_try_nid_raw
    /// of 2 MiB each, on the node, else anywhere. One call per block is the kernel's way and bootemu's
    /// under memblock=debug (every call prints) or when the node itself has room. Otherwise every
    /// block falls back to "any node", and consecutive blocks take consecutive 2 MiB slots downwards
    /// from the highest free one: when the first free block tops a free run long enough for all of
    /// them, they are taken in one piece, which leaves memblock exactly as the calls one by one would.
    /// </summary>
    private static bool PlaceBlocks(Memblock.Memblock memblock, int nid, ref ulong count, BootAllocations allocations,
        Bootemu.Core.Logging.KernelLog log, BootCallers callers)
    {
        const ulong low = DebianKernelBuild.MaxDmaAddress, limit = Memblock.Memblock.AllocAccessible;
        bool exact = memblock.Debug || memblock.HasSomeMirror
            || memblock.FindInRangeNode(PmdSize, PmdSize, low, limit, nid, Memblock.MemblockFlags.None) != 0;
        while (count > 0)
        {
            if (exact)
            {
                ulong block = memblock.AllocTryNidRaw(PmdSize, PmdSize, low, limit, nid, callers.VmemmapBlock);
                if (block == 0) return BackingFailed(nid, log, ref count);
                allocations.Add(BootAllocationNames.Memmap(nid), block, PmdSize, nid);
                count--;
                continue;
            }
            ulong first = memblock.FindInRangeNode(PmdSize, PmdSize, low, limit, Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None);
            if (first == 0) return BackingFailed(nid, log, ref count);
            for (ulong take = count; ; take = Math.Max(1, take / 2))
            {
                ulong run = take == 1 ? first
                    : memblock.FindInRangeNode(take * PmdSize, PmdSize, low, limit, Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None);
                if (run == 0 || run + take * PmdSize != first + PmdSize) continue;
                memblock.Reserve(run, take * PmdSize);
                allocations.Add(BootAllocationNames.Memmap(nid), run, take * PmdSize, nid);
                count -= take;
                break;
            }
        }
        return true;
    }

    private static bool BackingFailed(int nid, Bootemu.Core.Logging.KernelLog log, ref ulong count)
    {
        log.Err($"sparse_init_nid: node[{nid}] memory map backing failed. Some memory will not be available.");
        count = 0;
        return false;
    }

    /// <summary>
    /// sparse_early_usemaps_alloc_pgdat_section(): the usemap goes into the 128 MiB section that
    /// holds the node's pg_data (so the two are hot-removed together), on that section's node; if
    /// it does not fit there, anywhere below current_limit.
    /// </summary>
    private static bool AllocUsemap(Memblock.Memblock memblock, IReadOnlyDictionary<int, ulong> nodeData, int nid, ulong size,
        BootAllocations allocations, BootCallers callers)
    {
        ulong pgdat = nodeData.TryGetValue(nid, out var a) ? a : 0;
        ulong goal = pgdat & ~((1UL << (MemorySection.PfnSectionShift + Pfn.PageShift)) - 1);
        ulong limit = goal + (1UL << (MemorySection.PfnSectionShift + Pfn.PageShift));
        // early_pfn_to_nid, but a region no node claimed (MAX_NUMNODES) also falls back here, and the fallback with no
        // node online is 0: kept as it was (NodeRegistration.EarlyPfnToNid follows the kernel in both).
        int goalNid = memblock.Memory.Search(goal) is { Nid: not Memblock.Memblock.MaxNumNodes } region ? region.Nid : FirstOnlineNode(nodeData);
        ulong usemap = memblock.AllocTryNid(size, 64, goal, limit, goalNid, callers.SparseUsemap);
        if (usemap == 0)
            usemap = memblock.AllocTryNid(size, 64, goal, Memblock.Memblock.AllocAccessible, goalNid, callers.SparseUsemap);
        if (usemap == 0) return false;
        allocations.Add(BootAllocationNames.Usemap(nid), usemap, size, goalNid);
        return true;
    }

    /// <summary>early_pfn_to_nid's answer for a pfn in no memory range: first_online_node.</summary>
    private static int FirstOnlineNode(IReadOnlyDictionary<int, ulong> nodeData)
    {
        int first = int.MaxValue;
        foreach (var nid in nodeData.Keys) first = Math.Min(first, nid);
        return first == int.MaxValue ? 0 : first;
    }

    /// <summary>
    /// The vmemmap page-table pages vmemmap_populate_hugepages() allocates on the way down: a PUD
    /// table the first time a 512 GiB slice of the vmemmap is touched, a PMD table the first time a
    /// 1 GiB slice is; the 2 MiB memmap blocks themselves are PMD entries.
    /// </summary>
    private sealed class VmemmapPageTables(BootCallers callers)
    {
        // Sections are populated in ascending order, so a table is new exactly when its index grows.
        private ulong _lastPud = ulong.MaxValue, _lastPmd = ulong.MaxValue;

        public bool WouldAllocate(ulong vaddr) => vaddr >> P4dShift != _lastPud || vaddr >> PudShift != _lastPmd;

        public void Populate(Memblock.Memblock memblock, ulong vaddr, int nid, BootAllocations allocations)
        {
            if (vaddr >> P4dShift != _lastPud) { _lastPud = vaddr >> P4dShift; AllocTable(memblock, nid, allocations); }
            if (vaddr >> PudShift != _lastPmd) { _lastPmd = vaddr >> PudShift; AllocTable(memblock, nid, allocations); }
        }

        private void AllocTable(Memblock.Memblock memblock, int nid, BootAllocations allocations)
        {
            ulong page = memblock.AllocTryNidRaw(Pfn.PageSize, Pfn.PageSize, DebianKernelBuild.MaxDmaAddress,
                Memblock.Memblock.AllocAccessible, nid, callers.VmemmapPageTable);
            if (page != 0) allocations.Add(BootAllocationNames.VmemmapPageTable(nid), page, Pfn.PageSize, nid);
        }
    }
}
