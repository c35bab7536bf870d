using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Machine.E820;

namespace Bootemu.Hotplug;

/// <summary>
/// The memory block devices of a freshly booted machine: memory_dev_init (drivers/base/memory.c) creates one
/// online block per group of sections with any present section, then node_dev_init (drivers/base/node.c)
/// links each block to the nodes whose early pfns it holds and fixes its zone for early memory.
/// </summary>
public static class BootMemoryBlocks
{
    public static HotplugMachine FromBoot(BootResult boot, HotplugSettings settings, KernelLog log)
    {
        ulong blockSize = MemoryBlockSize.ProbeAndLog(boot.MaxPfn.Address, settings.Hypervisor, log);
        ulong pagesPerBlock = blockSize >> Pfn.PageShift;

        var memory = boot.MemoryRanges;
        var presentSections = boot.PresentSections;

        var ram = boot.E820.Where(e => e.Type is E820Type.Ram or E820Type.ReservedKern)
            .Select(e => PfnRanges.Inside(e.Addr, e.End)).Where(r => r.Start < r.End).ToList();
        var freedInitrd = FreedInitrd(boot);
        var reserved = PfnRanges.Without(boot.Reserved.Select(r => PfnRanges.Touched(r.Base, r.End)), freedInitrd);

        var zones = ImmutableDictionary.CreateBuilder<ZoneKey, ZoneState>();
        foreach (var node in boot.Nodes)
            foreach (var z in node.Zones.Where(z => z.Zone != ZoneType.Device))
                zones[new ZoneKey(node.Nid, z.Zone)] = new ZoneState(node.Nid, z.Zone,
                    z.SpannedPages == 0 ? new Pfn(0) : z.StartPfn, z.SpannedPages, z.PresentPages, z.PresentPages)
                {
                    Managed = z.ManagedPages,
                    Watermarks = z.Watermarks,
                };

        var onlineNodes = boot.Nodes.Where(n => n.Online).Select(n => n.Nid).ToImmutableSortedSet();
        int firstOnlineNode = onlineNodes.Count > 0 ? onlineNodes.Min : 0;

        // memory_dev_init: a block for every group of sections that has a present one, online, in id (address) order.
        ulong sectionsPerBlock = pagesPerBlock / MemorySection.PagesPerSection;
        var ids = presentSections.BlockIds(sectionsPerBlock).Select(b => (long)b).ToArray();
        // Each block reads only the reservations and allocations that meet it, filed once rather than searched per block.
        var reservedIn = FileByBlock(reserved, r => r, ids, pagesPerBlock);
        var allocationsIn = FileByBlock(boot.EarlyAllocations.OrderBy(a => a.Base), a => PfnRanges.Touched(a.Base, a.End), ids, pagesPerBlock);

        // node_dev_init: for each online node, the blocks overlapping its span. Worked out on the block ids first, so
        // that each block record is made once (a machine may have hundreds of thousands of blocks).
        var links = new EarlyLinks[ids.Length];
        Array.Fill(links, EarlyLinks.None);
        foreach (var node in boot.Nodes.Where(n => n.Online && n.EndPfn > n.StartPfn).OrderBy(n => n.Nid))
        {
            int first = Array.BinarySearch(ids, (long)(node.StartPfn.Value / pagesPerBlock));
            for (int i = first < 0 ? ~first : first; i < ids.Length && BlockStart(ids[i], pagesPerBlock) < node.EndPfn; i++)
            {
                var start = BlockStart(ids[i], pagesPerBlock);
                if (!HasEarlyPfnOfNode(start, start + pagesPerBlock, node.Nid, memory, presentSections, firstOnlineNode)) continue;
                links[i] = links[i].AddNid(node, start, start + pagesPerBlock);
            }
        }

        var nodesById = boot.Nodes.ToDictionary(n => n.Nid);
        var ramByStart = ram.OrderBy(r => r.Start).ToArray();
        var finished = ImmutableSortedDictionary.CreateBuilder<long, MemoryBlock>();
        for (int i = 0; i < ids.Length; i++)
        {
            long id = ids[i];
            var reservedHere = reservedIn.GetValueOrDefault(id, []);
            var allocationsHere = allocationsIn.GetValueOrDefault(id, []);
            var start = BlockStart(id, pagesPerBlock);
            var end = start + pagesPerBlock;
            var reservedContent = ReservedContent(allocationsHere, reservedHere, ram, start, end, freedInitrd);
            finished.Add(id, new MemoryBlock
            {
                Id = id,
                StartPfn = start,
                Pages = pagesPerBlock,
                State = BlockState.Online,
                Nid = links[i].Nid,
                Zone = links[i].Zone,
                Nodes = links[i].Nodes,
                Early = true,
                SystemRamPages = PfnRanges.CoveredSorted(ramByStart, start, end),
                Reserved = reservedContent,
                ReservedBy = reservedContent.IsEmpty ? [] : ReservedBy(allocationsHere, reservedHere, ram, start, end, freedInitrd),
                Segments = BootSegments(links[i].Nodes, start, end, nodesById),
            });
        }
        var capacity = boot.HotplugCapacity.ToImmutableArray();
        var booted = new HotplugMachine
        {
            Kernel = boot.Kernel,
            Policy = HotplugPolicy.From(boot.Options, boot.Kernel),
            Settings = settings,
            BlockSize = blockSize,
            Blocks = finished.ToImmutable(),
            Zones = zones.ToImmutable(),
            PossibleNodes = boot.Nodes.Select(n => n.Nid).ToImmutableSortedSet(),
            OnlineNodes = onlineNodes,
            Cpus = boot.Nodes.ToImmutableDictionary(n => n.Nid, n => n.Cpus.ToImmutableArray()),
            CpuStateNodes = NodeMasks.CpuStateNodes(boot).ToImmutableSortedSet(),
            Distances = boot.Distances,
            BootZonelistOrders = boot.ZonelistOrders,
            PolicyZone = ZonelistsBuilt.HighestPolicyZone(ZoneType.DMA, boot.Nodes.SelectMany(n => n.Zones.Where(z => z.IsPopulated).Select(z => z.Zone))),
            Iomem = Iomem(boot.E820),
            HotplugCapacity = capacity,
            NumaMeminfo = boot.NumaMeminfo.ToImmutableArray(),
            BootReservedPfns = reserved.OrderBy(r => r.Start).ToImmutableArray(),
        };
        // kmem_cache_init runs before acpi_init hot-adds the memory devices present at boot.
        return AddDevicesAtBoot(NodeSlab.AtBoot(booted), boot.MemoryDevices, log);
    }

    /// <summary>
    /// acpi_init → acpi_memhotplug: each memory device present at boot is hot-added in turn, with auto-online as the
    /// build and memhp_default_state= set it (Debian's 6.12 onlines it, 6.1 leaves it offline).
    /// </summary>
    private static HotplugMachine AddDevicesAtBoot(HotplugMachine m, IReadOnlyList<MemoryDevice> devices, KernelLog log)
    {
        var outcomes = ImmutableArray.CreateBuilder<DeviceAtBoot>(devices.Count);
        foreach (var device in devices)
        {
            var outcome = HotAdd.Add(m, device.Base, device.Size, device.Node, log);
            m = outcome.Machine;
            outcomes.Add(new DeviceAtBoot(device, outcome.Error, outcome.Detail));
        }
        return m with { DevicesAtBoot = outcomes.MoveToImmutable() };
    }

    /// <summary>
    /// register_mem_block_under_node_early: a pfn of a present section of the block has early nid
    /// <paramref name="nid"/>; pfns in holes count as the first online node (early_pfn_to_nid's fallback).
    /// </summary>
    private static bool HasEarlyPfnOfNode(Pfn blockStart, Pfn blockEnd, int nid, MemPfnRanges memory,
        PresentSections presentSections, int firstOnlineNode)
    {
        const ulong sectionPages = MemorySection.PagesPerSection;
        for (var s = blockStart; s < blockEnd; s += sectionPages)
        {
            if (!presentSections.IsPresent(s.Value >> MemorySection.PfnSectionShift)) continue;
            var end = s + sectionPages;
            if (memory.NodePagesIn(nid, s, end) != 0) return true;
            if (nid == firstOnlineNode && memory.PagesIn(s, end) < sectionPages) return true;
        }
        return false;
    }

    private static Pfn BlockStart(long id, ulong pagesPerBlock) => new((ulong)id * pagesPerBlock);

    /// <summary>
    /// What node_dev_init has linked a boot block to so far: its nodes, the first one's id, and its zone.
    /// memory_block_add_nid for early memory: the first node fixes the zone (the single populated zone of that
    /// node whose span meets the block, early_node_zone_for_memory_block); a second node voids it.
    /// </summary>
    private readonly record struct EarlyLinks(int Nid, ZoneType? Zone, ImmutableArray<int> Nodes)
    {
        public static readonly EarlyLinks None = new(-1, null, []);

        public EarlyLinks AddNid(NodeLayout node, Pfn start, Pfn end)
        {
            int nid = node.Nid;
            var zone = Zone;
            if (Nid != nid)
                zone = Nid == -1 ? EarlyZone(node, start, end) : null;
            return new EarlyLinks(nid, zone, Nodes.IsEmpty ? [nid] : Nodes.Add(nid).Sort());
        }
    }

    private static ZoneType? EarlyZone(NodeLayout node, Pfn start, Pfn end)
    {
        ZoneType? only = null;
        int matching = 0;
        foreach (var z in node.Zones)
            if (z.Zone != ZoneType.Device && z.IsPopulated && z.StartPfn < end && z.EndPfn > start)
            {
                only = z.Zone;
                matching++;
            }
        return matching == 1 ? only : null;
    }

    /// <summary>Which zone each part of an online boot block belongs to (the boot zone spans of its nodes, in node order).</summary>
    private static ImmutableArray<ZoneSegment> BootSegments(ImmutableArray<int> blockNodes, Pfn start, Pfn end, IReadOnlyDictionary<int, NodeLayout> nodes)
    {
        // Most blocks lie in one zone of one node: that answer needs no builder.
        if (blockNodes.Length == 1 && SingleSegment(nodes[blockNodes[0]], start, end) is { } only) return [only];
        var segments = ImmutableArray.CreateBuilder<ZoneSegment>();
        foreach (int nid in blockNodes)
            foreach (var z in nodes[nid].Zones)
            {
                if (z.Zone == ZoneType.Device || !z.IsPopulated) continue;
                var s = Pfn.Max(z.StartPfn, start);
                var e = Pfn.Min(z.EndPfn, end);
                if (s < e) segments.Add(new ZoneSegment(nid, z.Zone, s, e));
            }
        return segments.ToImmutable();
    }

    /// <summary>The block's one zone segment when exactly one populated zone of the node meets it.</summary>
    private static ZoneSegment? SingleSegment(NodeLayout node, Pfn start, Pfn end)
    {
        ZoneSegment? found = null;
        foreach (var z in node.Zones)
        {
            if (z.Zone == ZoneType.Device || !z.IsPopulated) continue;
            var s = Pfn.Max(z.StartPfn, start);
            var e = Pfn.Min(z.EndPfn, end);
            if (s >= e) continue;
            if (found is not null) return null;
            found = new ZoneSegment(node.Nid, z.Zone, s, e);
        }
        return found;
    }

    /// <summary>
    /// The initrd's whole pages, which populate_rootfs hands back to the page allocator (free_initrd_mem) once the
    /// initramfs is unpacked, so they are no longer PageReserved after boot; null with retain_initrd or no initrd.
    /// </summary>
    private static (Pfn Start, Pfn End)? FreedInitrd(BootResult boot)
    {
        if (boot.Options.RetainInitrd) return null;
        var initrd = boot.EarlyAllocations.FirstOrDefault(a => a.Kind == EarlyAllocationKind.Initrd);
        return initrd is null ? null : PfnRanges.Inside(initrd.Base, initrd.End);
    }

    /// <summary>
    /// The PageReserved pages of a block that are System RAM, named after the early allocations they belong to;
    /// whatever no named allocation explains is reported as plain memblock reservations.
    /// </summary>
    /// <param name="allocations">the early allocations that touch the block, in address order.</param>
    /// <param name="reserved">the reserved pfn ranges that meet the block.</param>
    private static ImmutableArray<ReservedPages> ReservedContent(List<EarlyAllocation> allocations, List<(Pfn Start, Pfn End)> reserved,
        List<(Pfn Start, Pfn End)> ram, Pfn start, Pfn end, (Pfn Start, Pfn End)? freedInitrd)
    {
        ulong total = PfnRanges.CoveredByBoth(reserved, ram, start, end);
        if (total == 0) return ImmutableArray<ReservedPages>.Empty;
        var named = ImmutableArray.CreateBuilder<ReservedPages>();
        ulong explained = 0;
        foreach (var a in allocations)
        {
            if (freedInitrd is not null && a.Kind == EarlyAllocationKind.Initrd) continue;
            var touched = PfnRanges.Touched(a.Base, a.End);
            ulong pages = PfnRanges.CoveredByBoth(new[] { touched }, ram, start, end);
            if (pages == 0) continue;
            pages = Math.Min(pages, total - explained);
            if (pages == 0) break;
            named.Add(new ReservedPages(a.What, pages));
            explained += pages;
        }
        if (explained < total) named.Add(new ReservedPages("memblock reservations", total - explained));
        return named.GroupBy(r => r.What).Select(g => new ReservedPages(g.Key, g.Aggregate(0UL, (s, r) => s + r.Pages))).ToImmutableArray();
    }

    /// <summary>The early allocations with a PageReserved System RAM page in [start, end), in address order.</summary>
    private static ImmutableArray<EarlyAllocation> ReservedBy(List<EarlyAllocation> allocations, List<(Pfn Start, Pfn End)> reserved,
        List<(Pfn Start, Pfn End)> ram, Pfn start, Pfn end, (Pfn Start, Pfn End)? freedInitrd) =>
        allocations
            .Where(a => freedInitrd is null || a.Kind != EarlyAllocationKind.Initrd)
            .Where(a =>
            {
                var touched = PfnRanges.Touched(a.Base, a.End);
                var (from, to) = (Pfn.Max(start, touched.Start), Pfn.Min(end, touched.End));
                return from < to && PfnRanges.CoveredByBoth(reserved, ram, from, to) != 0;
            })
            .ToImmutableArray();

    /// <summary>
    /// <paramref name="items"/> filed, in their order, under each of the block <paramref name="ids"/> (ascending) whose
    /// pages their pfn range meets; an empty range meets none.
    /// </summary>
    private static Dictionary<long, List<T>> FileByBlock<T>(IEnumerable<T> items, Func<T, (Pfn Start, Pfn End)> range, long[] ids, ulong pagesPerBlock)
    {
        var filed = new Dictionary<long, List<T>>();
        foreach (var item in items)
        {
            var (start, end) = range(item);
            if (start >= end) continue;
            int i = Array.BinarySearch(ids, (long)(start.Value / pagesPerBlock));
            for (i = i < 0 ? ~i : i; i < ids.Length && (ulong)ids[i] * pagesPerBlock < end.Value; i++)
            {
                if (!filed.TryGetValue(ids[i], out var list)) filed[ids[i]] = list = [];
                list.Add(item);
            }
        }
        return filed;
    }

    /// <summary>e820__reserve_resources: every e820 range becomes a top-level iomem resource with the kernel's name.</summary>
    internal static ImmutableArray<IomemRange> Iomem(IReadOnlyList<E820Entry> e820) =>
        e820.Select(e => new IomemRange(e.Addr, e.End, e.Type switch
        {
            E820Type.Ram or E820Type.ReservedKern => "System RAM",
            E820Type.Acpi => "ACPI Tables",
            E820Type.Nvs => "ACPI Non-volatile Storage",
            E820Type.Unusable => "Unusable memory",
            E820Type.Pmem => "Persistent Memory",
            E820Type.Pram => "Persistent Memory (legacy)",
            E820Type.SoftReserved => "Soft Reserved",
            _ => "Reserved",
        })).OrderBy(r => r.Start).ToImmutableArray();
}
