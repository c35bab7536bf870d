using Bootemu.Boot.Model;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// The kernel's own slab pages that decide whether a block can go offline: those a node gets in its first kernel
/// memory and keeps for good. Only these are placed; the rest of what the kernel allocates after boot (page cache,
/// short-lived slab objects, page tables) either migrates or comes and goes, and is not modelled.
/// </summary>
/// <remarks>
/// <para>Where they go: a GFP_KERNEL allocation for a node walks the node's zonelist from ZONE_NORMAL down, never
/// ZONE_MOVABLE (mm/page_alloc.c), and takes the lowest free pages first (boot and online_pages free pages to the
/// tails of the free lists in address order). So the pages land in the node's first block of its highest populated
/// kernel zone: at boot its first initialised section (DEFERRED_STRUCT_PAGE_INIT initialises only the first section
/// of a node's last zone before the slab allocator starts), after boot the one block that gave the node its kernel
/// memory. Later kernel blocks of the node are behind it in the free lists and stay free of them, which
/// hp1mn_kernel_block_pinned shows (blocks 42 and 43 go offline, 41 does not).</para>
/// <para>What is not placed, and why (read in both 6.1 and 6.12, where these paths are the same):
/// slab_mem_going_online_callback allocates a node's kmem_cache_node structures at MEM_GOING_ONLINE with
/// kmem_cache_alloc on the writer's CPU, before the block's pages reach the buddy allocator, so never in the block;
/// kswapd_run and kcompactd_run use kthread_run (no node), so the threads' task_struct and stack come from whatever
/// node kthreadd runs on; setup_zone_pageset's per-CPU pagesets are allocated before online_pages_range frees the
/// block; page_ext allocates nothing on these builds (no client needs it on 64-bit without page_owner), and the
/// memory-tier, vmstat batch, mmap reserve, cpuset and KSM notifiers allocate nothing on the node.</para>
/// </remarks>
internal static class NodeSlab
{
    /// <summary>
    /// kmem_cache_init: every node with normal memory (slab_nodes) gets one kmem_cache_node per slab cache, from its own
    /// memory (early_kmem_cache_node_alloc, then kmem_cache_alloc_node in init_kmem_cache_nodes for each cache created
    /// later). A kmem_cache_node is 64 bytes, so 64 fit a page and a boot's caches fill at least one; the kernel frees
    /// them only when a cache is destroyed, and keeps them even when the node loses its memory. The node's CPUs also
    /// take their per-CPU slabs from it (<see cref="CpuSlabs"/>).
    /// </summary>
    public static HotplugMachine AtBoot(HotplugMachine m)
    {
        foreach (int nid in m.OnlineNodes.Where(m.HasNormalMemory))
        {
            m = Place(m, nid, new SlabPages($"node {nid}'s kmem_cache_node structures (kmem_cache_init)", 1));
            if (CpuSlabs(m, nid) is { } cpu) m = Place(m, nid, cpu);
        }
        return m;
    }

    /// <summary>
    /// online_pages of a block that gave node <paramref name="nid"/> its first normal memory (node_states_set_node sets
    /// N_NORMAL_MEMORY, and slab_mem_going_online_callback put the node in slab_nodes): from then on the node's CPUs
    /// allocate locally there (see <see cref="CpuSlabs"/>). A node without CPUs gets nothing it keeps for sure.
    /// </summary>
    public static HotplugMachine AfterOnline(HotplugMachine before, HotplugMachine after, int nid)
    {
        if (before.HasNormalMemory(nid) || !after.HasNormalMemory(nid)) return after;
        return CpuSlabs(after, nid) is { } cpu ? Place(after, nid, cpu) : after;
    }

    /// <summary>
    /// A CPU's slab allocations without a node (most kmalloc) come from its own node once that node is in slab_nodes
    /// (___slab_alloc ignores a node without normal memory, and alloc_pages starts from the CPU's node). Each cache
    /// keeps the slab it currently allocates from frozen on the CPU, and objects that live on keep theirs, so at least
    /// one slab page of the node's CPUs stays; has_unmovable_pages meets it before MEM_GOING_OFFLINE could flush it.
    /// The page hp1mn_kernel_block_pinned's offline dumps is such a frozen per-CPU slab.
    /// </summary>
    private static SlabPages? CpuSlabs(HotplugMachine m, int nid) =>
        m.Cpus.TryGetValue(nid, out var cpus) && cpus.Length > 0
            ? new SlabPages($"{(cpus.Length == 1 ? "CPU" : "CPUs")} {PageAllocator.BlockList(cpus.Select(c => (long)c))}'s per-CPU slabs", 1)
            : null;

    private static HotplugMachine Place(HotplugMachine m, int nid, SlabPages pages) =>
        FirstKernelBlock(m, nid) is { } block ? m.WithBlock(block with { Slab = block.Slab.Add(pages) }) : m;

    /// <summary>
    /// The block with the lowest free pages of the node's highest populated kernel zone, where GFP_KERNEL allocations
    /// for the node start. A block shared with another zone or node counts too (block 0 takes node 0's when DMA32
    /// starts inside it); it could never be offlined anyway.
    /// </summary>
    public static MemoryBlock? FirstKernelBlock(HotplugMachine m, int nid)
    {
        for (var zone = ZoneType.Normal; zone >= ZoneType.DMA; zone--)
        {
            var span = m.Zone(nid, zone);
            if (!span.IsPopulated) continue;
            // The zone's segments lie inside its span, so only the blocks over the span need a look.
            var block = m.OnlineBlocksOver(span.Start, span.End, descending: false)
                .FirstOrDefault(b => b.Segments.Any(s => s.Nid == nid && s.Zone == zone) && b.FreePages != 0);
            if (block is not null) return block;
        }
        return null;
    }
}
