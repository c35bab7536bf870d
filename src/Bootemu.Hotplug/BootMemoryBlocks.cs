using System.Collections.Immutable;
using Bootemu.Boot.Model;
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

        var memory = boot.MemoryRanges.All;
        var presentSections = boot.PresentSections;

        var ram = boot.E820.Where(e => e.Type is E820Type.Ram or E820Type.ReservedKern)
            .Select(e => PfnRanges.Inside(e.Addr, e.End)).Where(r => r.Start < r.End).ToList();
        var freedInitrd = FreedInitrd(boot);
        var reserved = PfnRanges.Without(boot.Reserved.Select(r => PfnRanges.Touched(r.Base, r.End)), freedInitrd);
        // The early allocations still PageReserved after boot, in address order (a stable sort: equal bases keep the
        // boot's order), sorted once for all blocks.
        var stillReserved = boot.EarlyAllocations.OrderBy(a => a.Base)
            .Where(a => freedInitrd is null || a.Kind != EarlyAllocationKind.Initrd)
            .ToArray();
        var reservedRam = ReservedRamPieces(reserved, ram);
        var reservedRamPfns = PfnRanges.Union(reservedRam);

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

        // memory_dev_init: a block for every group of sections that has a present one, online.
        var blocks = new SortedDictionary<long, MemoryBlock>();
        ulong sectionsPerBlock = pagesPerBlock / MemorySection.PagesPerSection;
        foreach (ulong blockId in presentSections.BlockIds(sectionsPerBlock))
        {
            long id = (long)blockId;
            var start = new Pfn((ulong)id * pagesPerBlock);
            var end = start + pagesPerBlock;
            blocks[id] = new MemoryBlock
            {
                Id = id,
                StartPfn = start,
                Pages = pagesPerBlock,
                State = BlockState.Online,
                Nid = -1,
                Nodes = ImmutableArray<int>.Empty,
                Early = true,
                SystemRamPages = PfnRanges.Covered(ram, start, end),
                Reserved = ReservedContent(stillReserved, reservedRam, ram, start, end),
            };
            if (!blocks[id].Reserved.IsEmpty)
                blocks[id] = blocks[id] with { ReservedBy = ReservedBy(stillReserved, reservedRamPfns, start, end) };
        }

        // node_dev_init: for each online node, the blocks overlapping its span.
        foreach (var node in boot.Nodes.Where(n => n.Online && n.EndPfn > n.StartPfn).OrderBy(n => n.Nid))
        {
            foreach (var block in blocks.Values.Where(b => b.StartPfn < node.EndPfn && b.EndPfn > node.StartPfn).ToList())
            {
                if (!HasEarlyPfnOfNode(block, node.Nid, memory, presentSections, firstOnlineNode)) continue;
                blocks[block.Id] = AddNid(block, node.Nid, boot);
            }
        }

        foreach (long id in blocks.Keys.ToArray())
            blocks[id] = blocks[id] with { Segments = BootSegments(blocks[id], boot) };
        var capacity = boot.HotplugCapacity.ToImmutableArray();
        var booted = new HotplugMachine
        {
            Kernel = boot.Kernel,
            Policy = HotplugPolicy.From(boot.Options, boot.Kernel),
            Settings = settings,
            BlockSize = blockSize,
            Blocks = blocks.ToImmutableSortedDictionary(),
            Zones = zones.ToImmutable(),
            PossibleNodes = boot.Nodes.Select(n => n.Nid).ToImmutableSortedSet(),
            OnlineNodes = onlineNodes,
            Cpus = boot.Nodes.ToImmutableDictionary(n => n.Nid, n => n.Cpus.ToImmutableArray()),
            CpuStateNodes = NodeMasks.CpuStateNodes(boot).ToImmutableSortedSet(),
            Distances = boot.Distances,
            BootZonelistOrders = boot.ZonelistOrders,
            PolicyZone = ZonelistRebuild.HighestPolicyZone(ZoneType.DMA, boot.Nodes.SelectMany(n => n.Zones.Where(z => z.IsPopulated).Select(z => z.Zone))),
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
    private static bool HasEarlyPfnOfNode(MemoryBlock block, int nid, IReadOnlyList<MemPfnRange> memory,
        PresentSections presentSections, int firstOnlineNode)
    {
        const ulong sectionPages = MemorySection.PagesPerSection;
        for (var s = block.StartPfn; s < block.EndPfn; s += sectionPages)
        {
            if (!presentSections.IsPresent(s.Value >> MemorySection.PfnSectionShift)) continue;
            var end = s + sectionPages;
            if (memory.Any(m => m.Nid == nid && m.Start < end && m.End > s)) return true;
            ulong covered = PfnRanges.Covered(memory.Select(m => (m.Start, m.End)), s, end);
            if (covered < sectionPages && nid == firstOnlineNode) return true;
        }
        return false;
    }

    /// <summary>
    /// memory_block_add_nid for early memory: the first node fixes the zone (the single populated zone of that
    /// node whose span meets the block, early_node_zone_for_memory_block); a second node voids it.
    /// </summary>
    private static MemoryBlock AddNid(MemoryBlock block, int nid, BootResult boot)
    {
        ZoneType? zone = block.Zone;
        if (block.Nid != nid)
            zone = block.Nid == -1 ? EarlyZone(block, boot.Nodes.First(n => n.Nid == nid)) : null;
        return block with { Nid = nid, Zone = zone, Nodes = block.Nodes.Add(nid).Sort() };
    }

    private static ZoneType? EarlyZone(MemoryBlock block, NodeLayout node)
    {
        var matching = node.Zones
            .Where(z => z.Zone != ZoneType.Device && z.IsPopulated && z.StartPfn < block.EndPfn && z.EndPfn > block.StartPfn)
            .ToList();
        return matching.Count == 1 ? matching[0].Zone : null;
    }

    /// <summary>Which zone each part of an online boot block belongs to (the boot zone spans of its nodes).</summary>
    private static ImmutableArray<ZoneSegment> BootSegments(MemoryBlock block, BootResult boot)
    {
        var segments = ImmutableArray.CreateBuilder<ZoneSegment>();
        foreach (var node in boot.Nodes.Where(n => block.Nodes.Contains(n.Nid)))
            foreach (var z in node.Zones.Where(z => z.Zone != ZoneType.Device && z.IsPopulated))
            {
                var s = Pfn.Max(z.StartPfn, block.StartPfn);
                var e = Pfn.Min(z.EndPfn, block.EndPfn);
                if (s < e) segments.Add(new ZoneSegment(node.Nid, z.Zone, s, e));
            }
        return segments.ToImmutable();
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
    /// Each reserved pfn range cut to each System RAM range it meets: the PageReserved System RAM pages, once per piece
    /// (two reservations that share a page both count it, as summing reservation by reservation does).
    /// </summary>
    private static List<(Pfn Start, Pfn End)> ReservedRamPieces(List<(Pfn Start, Pfn End)> reserved, List<(Pfn Start, Pfn End)> ram)
    {
        var pieces = new List<(Pfn Start, Pfn End)>();
        foreach (var r in reserved)
            foreach (var q in ram)
            {
                var piece = PfnRanges.Clip(r, q.Start, q.End);
                if (piece.Start < piece.End) pieces.Add(piece);
            }
        return pieces;
    }

    /// <summary>
    /// The PageReserved pages of a block that are System RAM, named after the early allocations they belong to;
    /// whatever no named allocation explains is reported as plain memblock reservations.
    /// </summary>
    /// <param name="stillReserved">the early allocations not handed back after boot, in address order.</param>
    private static ImmutableArray<ReservedPages> ReservedContent(EarlyAllocation[] stillReserved, List<(Pfn Start, Pfn End)> reservedRam,
        List<(Pfn Start, Pfn End)> ram, Pfn start, Pfn end)
    {
        ulong total = PfnRanges.Covered(reservedRam, start, end);
        if (total == 0) return ImmutableArray<ReservedPages>.Empty;
        // One entry per name, in the order the names first appear, with the pages of all its allocations.
        var named = new List<ReservedPages>();
        ulong explained = 0;
        foreach (var a in stillReserved)
        {
            var (from, to) = PfnRanges.Clip(PfnRanges.Touched(a.Base, a.End), start, end);
            if (from >= to) continue;
            ulong pages = PfnRanges.Covered(ram, from, to);
            if (pages == 0) continue;
            pages = Math.Min(pages, total - explained);
            if (pages == 0) break;
            AddPages(named, a.What, pages);
            explained += pages;
        }
        if (explained < total) AddPages(named, "memblock reservations", total - explained);
        return [.. named];
    }

    private static void AddPages(List<ReservedPages> named, string what, ulong pages)
    {
        int i = named.FindIndex(r => r.What == what);
        if (i < 0) named.Add(new ReservedPages(what, pages));
        else named[i] = named[i] with { Pages = named[i].Pages + pages };
    }

    /// <summary>The early allocations with a PageReserved System RAM page in [start, end), in address order.</summary>
    /// <param name="stillReserved">the early allocations not handed back after boot, in address order.</param>
    /// <param name="reservedRamPfns">the PageReserved System RAM pages, as sorted disjoint ranges.</param>
    private static ImmutableArray<EarlyAllocation> ReservedBy(EarlyAllocation[] stillReserved, List<(Pfn Start, Pfn End)> reservedRamPfns,
        Pfn start, Pfn end)
    {
        var found = ImmutableArray.CreateBuilder<EarlyAllocation>();
        foreach (var a in stillReserved)
        {
            var (from, to) = PfnRanges.Clip(PfnRanges.Touched(a.Base, a.End), start, end);
            if (from < to && Meets(reservedRamPfns, from, to)) found.Add(a);
        }
        return found.ToImmutable();
    }

    /// <summary>Does any of the sorted, disjoint <paramref name="ranges"/> meet [from, to)? A binary search for the first ending above from.</summary>
    private static bool Meets(List<(Pfn Start, Pfn End)> ranges, Pfn from, Pfn to)
    {
        int lo = 0, hi = ranges.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid].End <= from) lo = mid + 1;
            else hi = mid;
        }
        return lo < ranges.Count && ranges[lo].Start < to;
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
