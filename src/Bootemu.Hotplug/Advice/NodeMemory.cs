using System.Collections.Immutable;
using Bootemu.Core;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Advice;

/// <summary>
/// The present pages of every zone of every node once boot is over (memory devices present at boot added and onlined
/// as the command line says): what an answer's cost is measured on.
/// </summary>
public sealed record NodeMemory(ImmutableSortedDictionary<int, ImmutableArray<ulong>> PresentPages)
{
    /// <summary>The zones a node can have pages in, in the order the kernel numbers them.</summary>
    public static readonly ImmutableArray<ZoneType> Zones = [ZoneType.DMA, ZoneType.DMA32, ZoneType.Normal, ZoneType.Movable];

    public static NodeMemory Of(HotplugMachine m) => new(m.PossibleNodes.ToImmutableSortedDictionary(
        nid => nid, nid => Zones.Select(z => m.Zone(nid, z).Present).ToImmutableArray()));

    /// <summary>Present pages of one zone of a node (0 for a node this boot does not have).</summary>
    public ulong Pages(int nid, ZoneType zone) =>
        PresentPages.TryGetValue(nid, out var pages) ? pages[Zones.IndexOf(zone)] : 0;

    /// <summary>Pages the kernel may use for its own unmovable allocations: those of the zones that take them (DMA, DMA32, Normal).</summary>
    public ulong KernelPages(int nid)
    {
        ulong pages = 0;
        foreach (var zone in Zones)
            if (ZonePolicy.TakesKernelAllocations(zone)) pages += Pages(nid, zone);
        return pages;
    }

    public ulong TotalPages(int nid) => KernelPages(nid) + Pages(nid, ZoneType.Movable);

    public IEnumerable<int> Nodes => PresentPages.Keys;
}

/// <summary>A zone of a node whose present pages an answer changes.</summary>
public sealed record ZoneChange(int Nid, ZoneType Zone, ulong PagesBefore, ulong PagesAfter);

/// <summary>What an answer costs one node against the command line as given.</summary>
/// <param name="KernelBytesLost">memory the kernel can no longer use for unmovable allocations (moved into ZONE_MOVABLE or not used at all).</param>
/// <param name="UnusedBytes">memory not used at all any more (cut off by mem=).</param>
public sealed record NodeCost(int Nid, ulong KernelBytesLost, ulong UnusedBytes, bool LosesAllKernelMemory, ImmutableArray<ZoneChange> Zones);

/// <summary>
/// What an answer costs against the command line as given: per node and in total, the memory the kernel can no longer
/// use for its own unmovable allocations (moved into ZONE_MOVABLE, or cut off by mem=), the nodes that lose all kernel
/// memory, and every zone whose size changes.
/// </summary>
/// <param name="KernelZoneBytesOnAskedNodes">
/// memory of the asked nodes still in a kernel zone: offline took it only because the emulated kernel has allocated nothing there
/// yet, and a running kernel puts unmovable pages in such zones, so removal is not dependable.
/// </param>
public sealed record AnswerCost(ulong KernelBytesLost, ulong UnusedBytes, ulong MovableBytesAdded, ImmutableArray<NodeCost> Nodes, ulong KernelZoneBytesOnAskedNodes)
{
    public IEnumerable<int> NodesLosingAllKernelMemory => Nodes.Where(n => n.LosesAllKernelMemory).Select(n => n.Nid);

    public static AnswerCost Between(NodeMemory before, NodeMemory after, IReadOnlyCollection<int> askedNodes)
    {
        var nodes = ImmutableArray.CreateBuilder<NodeCost>();
        ulong lost = 0, unused = 0, movable = 0;
        foreach (int nid in before.Nodes.Union(after.Nodes).Order())
        {
            ulong kernelBefore = before.KernelPages(nid), kernelAfter = after.KernelPages(nid);
            ulong totalBefore = before.TotalPages(nid), totalAfter = after.TotalPages(nid);
            var zones = NodeMemory.Zones.Select(z => new ZoneChange(nid, z, before.Pages(nid, z), after.Pages(nid, z)))
                .Where(z => z.PagesBefore != z.PagesAfter).ToImmutableArray();
            if (zones.IsEmpty) continue;
            ulong nodeLost = Bytes(kernelBefore > kernelAfter ? kernelBefore - kernelAfter : 0);
            ulong nodeUnused = Bytes(totalBefore > totalAfter ? totalBefore - totalAfter : 0);
            ulong movableBefore = before.Pages(nid, ZoneType.Movable), movableAfter = after.Pages(nid, ZoneType.Movable);
            lost += nodeLost;
            unused += nodeUnused;
            movable += Bytes(movableAfter > movableBefore ? movableAfter - movableBefore : 0);
            nodes.Add(new NodeCost(nid, nodeLost, nodeUnused, kernelBefore != 0 && kernelAfter == 0, zones));
        }
        ulong kernelOnAsked = Bytes(askedNodes.Aggregate(0UL, (sum, nid) => sum + after.KernelPages(nid)));
        return new AnswerCost(lost, unused, movable, nodes.ToImmutable(), kernelOnAsked);
    }

    private static ulong Bytes(ulong pages) => pages << Pfn.PageShift;
}
