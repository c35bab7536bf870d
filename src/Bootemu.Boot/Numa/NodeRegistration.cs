using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Boot.Zones;
using Bootemu.Core.Printk;
using Bootemu.Memblock;

namespace Bootemu.Boot.Numa;

/// <summary>
/// numa_register_memblks (arch/x86/mm/numa.c, 6.1), or numa_register_meminfo and numa_register_nodes (mm/numa_memblks.c
/// and arch/x86/mm/numa.c, 6.12): nodes become possible, memblock memory and reservations get their node ids, nodes
/// holding reservations lose their hotplug marks, the coverage check may reject the whole configuration, and every
/// node with memory gets its NODE_DATA. The two kernels differ in the coverage check, in which nodes get NODE_DATA and
/// in its size (<see cref="Kernel.KernelModel"/>).
/// </summary>
internal sealed class NodeRegistration(NumaState state, Memblock.Memblock memblock, KernelLog log)
{

    /// <summary>Returns 0, or -EINVAL when the nodes do not cover memblock memory.</summary>
    public int Run()
    {
        var blocks = state.Meminfo.Blocks;
        state.Possible.UnionWith(state.NodesParsed);
        state.Possible.UnionWith(blocks.Select(b => b.Nid));

        foreach (var block in blocks)
            memblock.SetNode(block.Start, block.Size, MemblockTypeKind.Memory, block.Nid);

        ClearKernelNodeHotplug();

        // memblock.memory is final from here on (NODE_DATA allocations only reserve), so its pfn ranges are read once.
        var ranges = new MemPfnRanges(memblock.Memory.Regions);
        if (!CoversMemory(ranges))
            return NumaConstants.EInval;

        var withNodeData = NodesGettingNodeData(ranges);
        foreach (int nid in state.Possible)
        {
            if (withNodeData.Contains(nid) && !AllocNodeData(nid))
                return 0;
        }

        memblock.DumpAll();
        return 0;
    }

    /// <summary>
    /// numa_clear_kernel_node_hotplug: reservations are split at node boundaries and given node ids; every node
    /// that holds at least one reserved byte then loses MEMBLOCK_HOTPLUG on all its ranges.
    /// </summary>
    private void ClearKernelNodeHotplug()
    {
        var blocks = state.Meminfo.Blocks;
        foreach (var block in blocks)
            memblock.SetNode(block.Start, block.Size, MemblockTypeKind.Reserved, block.Nid);

        // for_each_reserved_mem_region walks regions[0..cnt), so on 6.1 an empty reserved type contributes its
        // placeholder entry (nid 0 until something was reserved and removed again); 6.12 counts it as 0.
        var reservedNodes = new HashSet<int>();
        foreach (var region in memblock.Reserved.Entries)
        {
            if (region.Nid != NumaConstants.MaxNumNodes)
                reservedNodes.Add(region.Nid);
        }

        foreach (var block in blocks)
        {
            if (reservedNodes.Contains(block.Nid))
                memblock.ClearHotplug(block.Start, block.Size);
        }
    }

    /// <summary>Whether the nodes cover memblock memory well enough, by the kernel's check (<see cref="Kernel.NumaCoverageCheck"/>).</summary>
    private bool CoversMemory(MemPfnRanges ranges) => state.Input.Kernel.CoverageCheck switch
    {
        Kernel.NumaCoverageCheck.NodesCoverE820Ram => NodesCoverE820Ram(ranges),
        _ => NoMemoryWithoutNode(ranges),
    };

    /// <summary>
    /// 6.1 numa_meminfo_cover_memory: the pages of every block that memblock memory of the block's own node covers,
    /// against all memblock memory below max_pfn; 1 MiB or more short rejects the configuration.
    /// </summary>
    private bool NodesCoverE820Ram(MemPfnRanges ranges)
    {
        // Each count is the range's length less __absent_pages_in_range: its pages in memory's whole-page ranges.
        ulong numaram = 0;
        foreach (var block in state.Meminfo.Blocks)
            numaram += ranges.NodePagesIn(block.Nid, Pfn.Down(block.Start), Pfn.Down(block.End));

        ulong e820ram = ranges.PagesIn(new Pfn(0), state.Input.MaxPfn);

        const ulong slackPages = 1UL << (20 - Pfn.PageShift);
        if (unchecked((long)(e820ram - numaram)) >= (long)slackPages)
        {
            log.Err($"NUMA: nodes only cover {(numaram << Pfn.PageShift) >> 20}MB of your {(e820ram << Pfn.PageShift) >> 20}MB e820 RAM. Not used.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// 6.12 memblock_validate_numa_coverage(SZ_1M): the whole pages of memblock memory that no node claimed; more than
    /// 1 MiB of them rejects the configuration. The message gives them against memblock's total memory in bytes.
    /// </summary>
    private bool NoMemoryWithoutNode(MemPfnRanges ranges)
    {
        ulong uncovered = 0;
        foreach (var r in ranges.All)
            if (r.Nid is < 0 or >= NumaConstants.MaxNumNodes)
                uncovered += r.Pages;

        if (uncovered << Pfn.PageShift > 1UL << 20)
        {
            log.Err($"NUMA: no nodes coverage for {(uncovered << Pfn.PageShift) >> 20}MB of {memblock.Memory.TotalSize >> 20}MB RAM");
            return false;
        }
        return true;
    }

    /// <summary>
    /// The nodes that get NODE_DATA and go online (<see cref="Kernel.NodeDataRule"/>): on 6.1 those whose NUMA blocks
    /// span a non-empty hull, on 6.12 those owning at least one whole page of memblock memory.
    /// </summary>
    private HashSet<int> NodesGettingNodeData(MemPfnRanges ranges)
    {
        if (state.Input.Kernel.NodeDataRule == Kernel.NodeDataRule.MemblockPages)
            return ranges.Nids.ToHashSet();
        var hulls = new Dictionary<int, (ulong Start, ulong End)>();
        foreach (var block in state.Meminfo.Blocks)
        {
            var hull = hulls.TryGetValue(block.Nid, out var h) ? h : (state.Input.MaxPfn.Address, 0UL);
            hulls[block.Nid] = (Math.Min(hull.Item1, block.Start), Math.Max(hull.Item2, block.End));
        }
        return hulls.Where(h => h.Value.Start < h.Value.End).Select(h => h.Key).ToHashSet();
    }

    /// <summary>
    /// alloc_node_data: NODE_DATA from the node's own memory, else from any node; success puts the node online. When no
    /// node has room, 6.1 says so and goes on without the node, 6.12 panics (false: NUMA init stops here).
    /// </summary>
    private bool AllocNodeData(int nid)
    {
        var kernel = state.Input.Kernel;
        ulong size = kernel.NodeDataSize;
        ulong pa = memblock.PhysAllocTryNid(size, NumaConstants.NodeDataAlign, nid);
        if (pa == 0)
        {
            if (!kernel.NodeDataFailurePanics)
            {
                log.Err($"Cannot find {size} bytes in any node (initial node: {nid})");
                return true;
            }
            state.Panic = $"the kernel panics: Cannot allocate {size} bytes for node {nid} data";
            log.Print(KernelLogLevel.Emerg, $"Kernel panic - not syncing: Cannot allocate {size} bytes for node {nid} data");
            return false;
        }
        log.Info($"NODE_DATA({nid}) allocated {Printk.Mem10(pa, pa + size - 1)}");
        int landed = EarlyPfnToNid(pa);
        if (landed != nid)
            log.Info($"    NODE_DATA({nid}) on node {landed}");
        state.NodeData.Add(new NodeDataPlacement(nid, pa, size));
        state.Online.Add(nid);
        return true;
    }

    /// <summary>
    /// early_pfn_to_nid: the node of the memblock memory region holding the frame's first byte; when none does,
    /// first_online_node (MAX_NUMNODES while no node is online).
    /// </summary>
    private int EarlyPfnToNid(ulong address)
    {
        // Memory no node claimed carries MAX_NUMNODES on 6.1, which early_pfn_to_nid returns as is; 6.12's NUMA_NO_NODE
        // sends it to the fallback.
        if (memblock.Memory.Search(Pfn.Down(address).Address) is { } region
            && (region.Nid != NumaConstants.MaxNumNodes || state.Input.Kernel.UnownedMemoryNid == NumaConstants.MaxNumNodes))
            return region.Nid;
        return state.Online.Count > 0 ? state.Online.Min : NumaConstants.MaxNumNodes;
    }
}
