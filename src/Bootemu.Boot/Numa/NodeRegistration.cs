using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Boot.Zones;
using Bootemu.Core.Printk;
using Bootemu.Memblock;

namespace Bootemu.Boot.Numa;

/// <summary>
/// numa_register_memblks (arch/x86/mm/numa.c): nodes become possible, memblock memory and
/// reservations get their node ids, nodes holding reservations lose their hotplug marks, the coverage check
/// may reject the whole configuration, and every node with memory gets its NODE_DATA.
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

        if (!CoversMemory())
            return NumaConstants.EInval;

        // Each node's hull over its blocks; nodes whose blocks are all empty (or that have none) get no NODE_DATA.
        var hulls = new Dictionary<int, (ulong Start, ulong End)>();
        foreach (var block in blocks)
        {
            var hull = hulls.TryGetValue(block.Nid, out var h) ? h : (state.Input.MaxPfn.Address, 0UL);
            hulls[block.Nid] = (Math.Min(hull.Item1, block.Start), Math.Max(hull.Item2, block.End));
        }
        foreach (int nid in state.Possible)
        {
            if (hulls.TryGetValue(nid, out var hull) && hull.Start < hull.End)
                AllocNodeData(nid);
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

        // for_each_reserved_mem_region walks regions[0..cnt), so an empty reserved type contributes its
        // placeholder entry (nid 0 until something was reserved and removed again).
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

    /// <summary>
    /// numa_meminfo_cover_memory: the pages of every block that memblock memory of the block's own node covers,
    /// against all memblock memory below max_pfn; more than 1 MiB short rejects the configuration.
    /// </summary>
    private bool CoversMemory()
    {
        // Each count is the range's length less __absent_pages_in_range: its pages in memory's whole-page ranges.
        var ranges = new MemPfnRanges(memblock.Memory.Regions);
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

    /// <summary>alloc_node_data: NODE_DATA from the node's own memory, else from any node; success puts the node online.</summary>
    private void AllocNodeData(int nid)
    {
        ulong size = NumaConstants.NodeDataSize;
        ulong pa = memblock.PhysAllocTryNid(size, NumaConstants.NodeDataAlign, nid);
        if (pa == 0)
        {
            log.Err($"Cannot find {size} bytes in any node (initial node: {nid})");
            return;
        }
        log.Info($"NODE_DATA({nid}) allocated {Printk.Mem10(pa, pa + size - 1)}");
        int landed = EarlyPfnToNid(pa);
        if (landed != nid)
            log.Info($"    NODE_DATA({nid}) on node {landed}");
        state.NodeData.Add(new NodeDataPlacement(nid, pa, size));
        state.Online.Add(nid);
    }

    /// <summary>
    /// early_pfn_to_nid: the node of the memblock memory region holding the frame's first byte; when none does,
    /// first_online_node (MAX_NUMNODES while no node is online).
    /// </summary>
    private int EarlyPfnToNid(ulong address)
    {
        if (memblock.Memory.Search(Pfn.Down(address).Address) is { } region)
            return region.Nid;
        return state.Online.Count > 0 ? state.Online.Min : NumaConstants.MaxNumNodes;
    }
}
