using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Machine;
using Bootemu.Memblock;

namespace Bootemu.Boot.Zones;

/// <summary>
/// find_zone_movable_pfns_for_nodes (mm/page_alloc.c): decides zone_movable_pfn[nid], the pfn at which
/// each node's memory stops belonging to its ordinary zones and becomes ZONE_MOVABLE.
/// </summary>
internal static class FindZoneMovablePfns
{
    /// <summary>MAX_ORDER_NR_PAGES: ZONE_MOVABLE starts on a 4 MiB (1024-page) boundary.</summary>
    public const ulong MaxOrderNrPages = 1024;

    /// <summary>The 4 GiB line the kernelcore=mirror path tests against (PHYS_PFN(SZ_4G)).</summary>
    private static readonly Pfn FourGiB = new(0x100000);

    /// <param name="hasMirror">memblock_has_mirror(): whether any memory is marked mirrored.</param>
    public static MovableZonePlan Run(
        IReadOnlyList<MemblockRegion> memory, MemPfnRanges ranges, ArchZoneRanges arch, MovableZoneRequest options,
        Kernel.KernelModel kernel, bool hasMirror)
    {
        ulong totalPages = ranges.TotalPages();
        var zmp = new Dictionary<int, ulong>();

        if (options.MovableNode)
        {
            // kernelcore= and movablecore= are ignored entirely, even when nothing is HOTPLUG.
            foreach (var region in memory)
                if ((region.Flags & MemblockFlags.Hotplug) != 0)
                    LowerTo(zmp, region.Nid, (kernel.MovableNodeStartRoundsUp ? Pfn.Up(region.Base) : Pfn.Down(region.Base)).Value);
            return Rounded(zmp, ranges, MovableZoneSource.MovableNode, false);
        }

        if (options.KernelcoreMirror && kernel.KernelcoreMirrorNeedsMirroredMemory && !hasMirror)
            return new MovableZonePlan(new Dictionary<int, Pfn>(), MovableZoneSource.MirrorIgnored, false);

        if (options.KernelcoreMirror)
        {
            // movablecore= is ignored. 6.1 does not check that any memory is mirrored at all.
            bool unmirroredBelow4G = false;
            foreach (var region in memory)
            {
                if ((region.Flags & MemblockFlags.Mirror) != 0)
                    continue;
                var start = Pfn.Up(region.Base);
                if (start < FourGiB)
                {
                    unmirroredBelow4G = true;
                    continue;
                }
                LowerTo(zmp, region.Nid, start.Value);
            }
            return Rounded(zmp, ranges, MovableZoneSource.Mirror, unmirroredBelow4G);
        }

        ulong requiredKernelcore = RequiredKernelcore(options.Kernelcore, options.Movablecore, totalPages);
        if (requiredKernelcore == 0 || requiredKernelcore >= totalPages)
            return new MovableZonePlan(new Dictionary<int, Pfn>(), MovableZoneSource.None, false);

        SpreadKernelcore(zmp, ranges, arch.Lowest(arch.MovableZone), requiredKernelcore);
        return Rounded(zmp, ranges, MovableZoneSource.Sizes, false);
    }

    /// <summary>
    /// The kernel-memory requirement from kernelcore= and movablecore=: percentages taken of all memory,
    /// movablecore rounded up to whole MAX_ORDER blocks and capped at all memory, then turned into a
    /// kernel requirement; when both are given the larger kernel share wins.
    /// </summary>
    public static ulong RequiredKernelcore(CoreSize kernelcore, CoreSize movablecore, ulong totalPages)
    {
        ulong requiredKernelcore = PagesOf(kernelcore, totalPages);
        ulong requiredMovablecore = PagesOf(movablecore, totalPages);
        if (requiredMovablecore != 0)
        {
            requiredMovablecore = RoundUp(requiredMovablecore, MaxOrderNrPages);
            requiredMovablecore = Math.Min(totalPages, requiredMovablecore);
            requiredKernelcore = Math.Max(requiredKernelcore, totalPages - requiredMovablecore);
        }
        return requiredKernelcore;
    }

    /// <summary>A size in pages as given, or a percentage of all pages in the kernel's integer arithmetic (it wraps like C's).</summary>
    private static ulong PagesOf(CoreSize size, ulong totalPages) => size.Kind switch
    {
        CoreSizeKind.Pages => size.Value,
        CoreSizeKind.Percent when size.Value != 0 => unchecked(totalPages * 100 * size.Value) / 10000UL,
        _ => 0,
    };

    /// <summary>
    /// The sizes path: kernel memory is spread as evenly as possible over the nodes with memory, in
    /// ascending nid order. Memory below the movable zone's start (below 4 GiB when that zone is Normal)
    /// can only be kernel memory and counts against the node's share. When some nodes were too small
    /// for their share, the loop restarts with one node fewer in the divisor, and the boundaries found so
    /// far carry over so the next pass pushes them further up.
    /// </summary>
    private static void SpreadKernelcore(Dictionary<int, ulong> zmp, MemPfnRanges ranges, Pfn usableStart, ulong requiredKernelcore)
    {
        // N_MEMORY as early_calculate_totalpages sets it: nodes that have pages.
        int[] nodesWithMemory = ranges.Nids.Where(nid => nid >= 0 && nid < Memblock.Memblock.MaxNumNodes).ToArray();
        int usableNodes = nodesWithMemory.Length;
        if (usableNodes == 0)
            return;
        ulong usable = usableStart.Value;

        do
        {
            ulong kernelcoreNode = requiredKernelcore / (ulong)usableNodes;
            foreach (int nid in nodesWithMemory)
            {
                if (requiredKernelcore < kernelcoreNode)
                    kernelcoreNode = requiredKernelcore / (ulong)usableNodes;
                ulong remaining = kernelcoreNode;

                var nodeRanges = ranges.OfNode(nid);
                ulong movableStart = zmp.GetValueOrDefault(nid);
                // Ranges wholly below the node's current boundary contribute nothing: start from the first one above it.
                for (int i = MemPfnRanges.FirstEndingAfter(nodeRanges, new Pfn(movableStart)); i < nodeRanges.Length; i++)
                {
                    ulong start = Math.Max(nodeRanges[i].Start.Value, movableStart);
                    ulong end = nodeRanges[i].End.Value;
                    if (start >= end)
                        continue;

                    if (start < usable)
                    {
                        ulong kernelPages = Math.Min(end, usable) - start;
                        remaining -= Math.Min(kernelPages, remaining);
                        requiredKernelcore -= Math.Min(kernelPages, requiredKernelcore);
                        if (end <= usable)
                        {
                            // Recorded so a later pass does not count this range a second time.
                            movableStart = end;
                            continue;
                        }
                        start = usable;
                    }

                    ulong sizePages = Math.Min(end - start, remaining);
                    movableStart = start + sizePages;
                    requiredKernelcore -= Math.Min(requiredKernelcore, sizePages);
                    remaining -= sizePages;
                    if (remaining == 0)
                        break;
                }
                if (movableStart != 0)
                    zmp[nid] = movableStart;
            }
            usableNodes--;
        }
        while (usableNodes > 0 && requiredKernelcore > (ulong)usableNodes);
    }

    /// <summary>
    /// The common tail (label out2): every node's start is rounded up to MAX_ORDER_NR_PAGES, and a start
    /// at or past the node's end means the node has no ZONE_MOVABLE after all.
    /// </summary>
    private static MovableZonePlan Rounded(
        Dictionary<int, ulong> zmp, MemPfnRanges ranges, MovableZoneSource source, bool unmirrored)
    {
        var starts = new Dictionary<int, Pfn>();
        foreach (var (nid, pfn) in zmp)
        {
            ulong rounded = RoundUp(pfn, MaxOrderNrPages);
            if (rounded < ranges.NodeSpan(nid).End.Value)
                starts[nid] = new Pfn(rounded);
        }
        return new MovableZonePlan(starts, source, unmirrored);
    }

    /// <summary>zone_movable_pfn[nid] = the lower of its current value and <paramref name="pfn"/> (0 meaning unset).</summary>
    private static void LowerTo(Dictionary<int, ulong> zmp, int nid, ulong pfn)
    {
        if (nid < 0 || nid >= Memblock.Memblock.MaxNumNodes)
            return;
        zmp[nid] = zmp.TryGetValue(nid, out var current) && current != 0 ? Math.Min(current, pfn) : pfn;
    }

    private static ulong RoundUp(ulong value, ulong multiple) => unchecked((value + multiple - 1) / multiple * multiple);
}
