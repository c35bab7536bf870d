using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Zones;

/// <summary>Which rule decided where ZONE_MOVABLE starts (find_zone_movable_pfns_for_nodes' precedence: movable_node, then kernelcore=mirror, then sizes).</summary>
internal enum MovableZoneSource
{
    /// <summary>No option asked for ZONE_MOVABLE, or the sizes asked for none (kernelcore 0 or at least all memory).</summary>
    None,
    /// <summary>movable_node: each node's first HOTPLUG region starts its ZONE_MOVABLE.</summary>
    MovableNode,
    /// <summary>kernelcore=mirror: unmirrored memory above 4 GiB becomes ZONE_MOVABLE.</summary>
    Mirror,
    /// <summary>kernelcore=mirror on a machine without mirrored memory, which 6.12 ignores (6.1 does not check).</summary>
    MirrorIgnored,
    /// <summary>kernelcore= / movablecore= sizes or percentages, spread evenly over the nodes.</summary>
    Sizes,
}

/// <summary>
/// The outcome of find_zone_movable_pfns_for_nodes: zone_movable_pfn per node (only nodes where
/// ZONE_MOVABLE starts are listed) and what the kernel printed or decided on the way.
/// </summary>
internal sealed record MovableZonePlan(
    IReadOnlyDictionary<int, Pfn> StartPfns,
    MovableZoneSource Source,
    bool UnmirroredKernelMemory)
{
    /// <summary>zone_movable_pfn[nid]: where ZONE_MOVABLE begins on the node, or null when it has none.</summary>
    public Pfn? StartOf(int nid) => StartPfns.TryGetValue(nid, out var pfn) ? pfn : null;

    /// <summary>The "Movable zone start for each node" block: the header always, then one line per node with a start.</summary>
    public IEnumerable<string> MovableZoneStartLines()
    {
        yield return "Movable zone start for each node";
        foreach (var (nid, pfn) in StartPfns.OrderBy(p => p.Key))
            yield return $"  Node {nid}: {Printk.AltHex(pfn.Address, 18)}";
    }

    /// <summary>pr_warn of the kernelcore=mirror path when unmirrored memory sits below 4 GiB.</summary>
    public const string UnmirroredWarning = "This configuration results in unmirrored kernel memory.";

    /// <summary>pr_warn of 6.12's kernelcore=mirror path when memblock has no mirrored memory.</summary>
    public const string NoMirrorWarning = "The system has no mirror memory, ignore kernelcore=mirror.";
}
