using System.Numerics;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;

namespace Bootemu.Boot.Setup;

/// <summary>
/// The pages alloc_large_system_hash sizes a table by: nr_kernel_pages (memory the kernel can address directly, all of
/// it on x86_64) and nr_all_pages. Counted once, when free_area_init ends, by the build's rule.
/// </summary>
internal readonly record struct HashSizingCounts(ulong KernelPages, ulong AllPages)
{
    public static HashSizingCounts AtFreeAreaInit(IReadOnlyList<NodeLayout> nodes, Memblock.Memblock memblock, ulong dmaReserve, KernelModel kernel)
    {
        ulong pages = 0;
        switch (kernel.HashSizingPages)
        {
            case HashSizingPages.ZoneManagedEstimates:
                // x86_64 has no highmem: nr_kernel_pages sums every zone's managed estimate.
                foreach (var zone in nodes.Where(n => n.Online).SelectMany(n => n.Zones))
                    pages += Zones.ZoneManagedEstimate.Of(zone, kernel, dmaReserve);
                break;
            case HashSizingPages.FreeMemblockPages:
                foreach (var (start, end, _) in memblock.FreeRanges(Memblock.Memblock.NumaNoNode, Memblock.MemblockFlags.None))
                {
                    ulong first = Pfn.Up(start).Value, last = Pfn.Down(end).Value;
                    if (first < last) pages += last - first;
                }
                break;
        }
        return new HashSizingCounts(pages, pages);
    }
}

/// <summary>
/// The VFS hash tables. vfs_caches_init_early: when hash distribution is off (the kernel turns it off when only one
/// node has memory, or `hashdist=0`) dcache_init_early and inode_init_early take the dentry and inode tables from
/// memblock (alloc_large_system_hash with HASH_EARLY), before mem_init; they stay reserved for good, so they count
/// against the zone's managed pages (<see cref="Run"/>). With distribution on they come later, in vfs_caches_init, with
/// the mount tables that always do (<see cref="PrintAtVfsCachesInit"/>).
/// </summary>
internal static class VfsHashTables
{
    /// <summary>
    /// A VFS hash table: its name in the kernel's line, its bucket, its sizing, and the name of its early allocation (none
    /// for the tables that are never early).
    /// </summary>
    private sealed record Table(string Name, ulong BucketBytes, int Scale, ulong LowLimit, AllocationName? AllocationName = null);

    /// <summary>struct hlist_bl_head and struct hlist_head: one pointer each.</summary>
    private const ulong PointerBytes = 8;

    private static readonly Table Dentry = new("Dentry cache", PointerBytes, 13, 2, BootAllocationNames.DentryHashTable);
    private static readonly Table Inode = new("Inode-cache", PointerBytes, 14, 0, BootAllocationNames.InodeHashTable);
    private static readonly Table Mount = new("Mount-cache", PointerBytes, 19, 0);
    private static readonly Table Mountpoint = new("Mountpoint-cache", PointerBytes, 19, 0);

    /// <summary>
    /// ADAPT_SCALE_BASE and ADAPT_SCALE_SHIFT: above 64 GiB of kernel memory each fourfold growth adds one to the
    /// scale, so a table grows with the square root of memory rather than with memory.
    /// </summary>
    private const ulong AdaptScalePages = (64UL << 30) >> Pfn.PageShift;
    private const int AdaptScaleShift = 2;

    /// <summary>SMP_CACHE_BYTES: memblock_alloc's alignment for the tables.</summary>
    private const ulong CacheLineBytes = 64;

    /// <param name="memoryNodes">how many nodes have memory (N_MEMORY): one turns hash distribution off.</param>
    public static void Run(Memblock.Memblock memblock, HashSizingCounts counts, int memoryNodes, BootOptions options,
        KernelLog log, BootAllocations allocations, KernelModel kernel)
    {
        if (Distributed(options, memoryNodes)) return;
        Allocate(Dentry, options.DentryHashEntries, counts, memblock, log, allocations, kernel);
        Allocate(Inode, options.InodeHashEntries, counts, memblock, log, allocations, kernel);
    }

    private static bool Distributed(BootOptions options, int memoryNodes) => options.HashDistribution && memoryNodes != 1;

    /// <summary>
    /// vfs_caches_init, later in start_kernel: dcache_init and inode_init make the dentry and inode tables here when hash
    /// distribution is on (sized the same way), then mnt_init always makes the mount and mountpoint tables. A table that
    /// is not early comes from vmalloc_huge when distribution is on or it is larger than the buddy allocator's largest
    /// block (<see cref="KernelModel.LargestBuddyOrder"/>), mapped with 2 MiB pages when each online node's share (the size over
    /// num_online_nodes) is at least 2 MiB; otherwise from the page allocator ("linear"). Only the lines: this memory is
    /// not early memory.
    /// </summary>
    /// <param name="onlineNodes">num_online_nodes() by then: every node with memory, a CPU or a generic initiator.</param>
    public static void PrintAtVfsCachesInit(HashSizingCounts counts, int memoryNodes, int onlineNodes, BootOptions options, KernelLog log,
        KernelModel kernel)
    {
        bool distributed = Distributed(options, memoryNodes);
        var tables = distributed
            ? new[] { (Dentry, options.DentryHashEntries), (Inode, options.InodeHashEntries) }
            : [];
        foreach (var (table, requested) in tables.Concat([(Mount, options.MountHashEntries), (Mountpoint, options.MountpointHashEntries)]))
        {
            int log2 = BitOperations.Log2(Entries(table, requested, counts));
            ulong size = table.BucketBytes << log2;
            bool virt = distributed || Order(size) > kernel.LargestBuddyOrder;
            bool huge = virt && options.HugeVmalloc && size / (ulong)Math.Max(onlineNodes, 1) >= PmdBytes;
            log.Info($"{table.Name} hash table entries: {1UL << log2} (order: {Order(size)}, {size} bytes, {(huge ? "vmalloc hugepage" : virt ? "vmalloc" : "linear")})");
        }
    }

    /// <summary>PMD_SIZE: the page size vmalloc maps a huge allocation with.</summary>
    private const ulong PmdBytes = 2UL << 20;

    private static void Allocate(Table table, ulong requested, HashSizingCounts counts, Memblock.Memblock memblock,
        KernelLog log, BootAllocations allocations, KernelModel kernel)
    {
        int log2 = BitOperations.Log2(Entries(table, requested, counts));
        while (true)
        {
            ulong size = table.BucketBytes << log2;
            ulong found = memblock.AllocTryNid(size, CacheLineBytes, 0, 0, Memblock.Memblock.NumaNoNode, kernel.Callers.AllocLargeSystemHash);
            if (found != 0)
            {
                allocations.Add(table.AllocationName!.Value, found, size);
                log.Info($"{table.Name} hash table entries: {1UL << log2} (order: {Order(size)}, {size} bytes, linear)");
                return;
            }
            // A smaller table is tried until one page; past that the kernel panics, which a boot that got this far
            // with memory to spare cannot reach, so the table is simply left out.
            if (size <= Pfn.PageSize || --log2 == 0) return;
        }
    }

    /// <summary>The bucket count before allocation: from the command line, else one bucket per 2^scale bytes of kernel memory; a power of two within the table's limits.</summary>
    private static ulong Entries(Table table, ulong requested, HashSizingCounts counts)
    {
        ulong entries = requested;
        if (entries == 0)
        {
            // Memory rounded up to a whole MiB, in pages.
            const ulong pagesPerMiB = (1UL << 20) >> Pfn.PageShift;
            entries = (counts.KernelPages + pagesPerMiB - 1) / pagesPerMiB * pagesPerMiB;
            int scale = table.Scale;
            for (ulong adapt = AdaptScalePages; adapt < entries; adapt <<= AdaptScaleShift) scale++;
            entries = scale > Pfn.PageShift ? entries >> (scale - Pfn.PageShift) : entries << (Pfn.PageShift - scale);
            if (entries * table.BucketBytes < Pfn.PageSize) entries = Pfn.PageSize / table.BucketBytes;
        }
        entries = RoundUpPowerOfTwo(entries);
        // At most a sixteenth of memory, and 2^31 buckets.
        ulong max = Math.Min((counts.AllPages << Pfn.PageShift >> 4) / table.BucketBytes, 0x80000000UL);
        if (entries < table.LowLimit) entries = table.LowLimit;
        if (entries > max) entries = max;
        return Math.Max(entries, 1);
    }

    private static ulong RoundUpPowerOfTwo(ulong x) => x <= 1 ? 1 : BitOperations.RoundUpToPowerOf2(x);

    /// <summary>get_order: the buddy order of a block that holds <paramref name="size"/> bytes.</summary>
    private static int Order(ulong size) => size <= Pfn.PageSize ? 0 : BitOperations.Log2((size - 1) >> Pfn.PageShift) + 1;
}
