using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// A runtime workload the user describes: pages allocated after boot, placed by the page allocator's zonelist
/// walk from a preferred node (or, when a block is named, in that block only).
/// </summary>
internal static class Workload
{
    /// <summary>Huge pages are 2 MiB (HPAGE_PMD_NR pages).</summary>
    public const ulong HugePages = MemorySection.PagesPerPmd;

    public static HotplugOutcome Allocate(HotplugMachine m, AllocationKind kind, ulong bytes, int nid, long? blockId)
    {
        ulong pages = bytes >> Pfn.PageShift;
        ulong unit = Unit(kind);
        if (SizeProblem(kind, bytes) is { } problem) return HotplugOutcome.Fail(m, Errno.EINVAL, problem);

        if (blockId is { } id)
        {
            var block = m.Blocks[id];
            if (block.State != BlockState.Online)
                return HotplugOutcome.Fail(m, Errno.ENOMEM, $"block {id} is offline: its pages are not in the buddy allocator");
            if (block.Zone is not { } zone || block.Nodes.Length != 1)
                return HotplugOutcome.Fail(m, Errno.ENOMEM, $"block {id} spans zones or nodes; bootemu places workload pages only in single-zone blocks");
            if (zone > kind.HighestZone())
                return HotplugOutcome.Fail(m, Errno.ENOMEM,
                    $"{kind.Name()} pages cannot come from ZONE_{ZoneNames.Of(zone).ToUpperInvariant()}: the gfp mask stops at ZONE_{ZoneNames.Of(kind.HighestZone()).ToUpperInvariant()}");
            ulong free = block.FreePages / unit * unit;
            if (free < pages)
                return HotplugOutcome.Fail(m, Errno.ENOMEM, $"block {id} has only {block.FreePages} free pages, {pages} asked");
            var placed = new Placement(id, block.Nid, zone, pages);
            return HotplugOutcome.Ok(m.WithBlock(block.WithUsed(kind, (long)pages)), $"{pages} pages: " + PageAllocator.Describe([placed]));
        }

        var (after, where, missing) = PageAllocator.Allocate(m, kind, pages, nid, unit: unit);
        if (missing != 0)
            return HotplugOutcome.Fail(m, Errno.ENOMEM,
                $"only {pages - missing} of {pages} pages are free in the zones a {kind.Name()} allocation may use (up to ZONE_{ZoneNames.Of(kind.HighestZone()).ToUpperInvariant()}) on any node");
        return HotplugOutcome.Ok(after, $"{pages} pages: " + PageAllocator.Describe(where));
    }

    /// <summary>Pages that must land together: a 2 MiB huge page, else one page.</summary>
    public static ulong Unit(AllocationKind kind) => kind == AllocationKind.Hugetlb ? HugePages : 1;

    /// <summary>Why an allocation of <paramref name="bytes"/> cannot be asked for (EINVAL), or null.</summary>
    public static string? SizeProblem(AllocationKind kind, ulong bytes) =>
        bytes >> Pfn.PageShift == 0 || bytes % (Unit(kind) << Pfn.PageShift) != 0
            ? kind == AllocationKind.Hugetlb ? "hugetlb sizes must be a non-zero multiple of 2 MiB" : "the size must be at least one page"
            : null;
}
