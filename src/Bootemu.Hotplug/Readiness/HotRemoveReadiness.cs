using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Readiness;

/// <summary>
/// Whether each node with hot-pluggable memory present at boot could be hot-removed, and if not why, decided by the
/// hotplug layer's own rules on the machine a hotplug run starts from: the node's blocks must pass every check offline
/// makes before migrating (<see cref="BlockOffline.Obstacles"/>), and lie outside the zones the kernel serves its own
/// unmovable allocations from (<see cref="ZonePolicy.TakesKernelAllocations"/>). So the boot report and a hotplug run
/// of the same machine cannot disagree.
/// </summary>
public static class HotRemoveReadiness
{
    /// <param name="boot">the boot <paramref name="booted"/> was built from: which nodes firmware made hot-pluggable,
    /// the early allocations in the order the kernel made them, and why it kept no hotplug marks.</param>
    public static IReadOnlyList<NodeReadiness> Assess(BootResult boot, HotplugMachine booted)
    {
        return boot.Hotpluggable.Where(r => r.PresentAtBoot).Select(r => r.Nid).Distinct().Order()
            .Select(nid => AssessNode(boot, booted, nid)).ToList();
    }

    /// <summary>
    /// The verdict for one node, whether or not firmware declared any of it hot-pluggable: what `bootemu advise` names
    /// when no boot option frees a node.
    /// </summary>
    public static NodeReadiness AssessNode(BootResult boot, HotplugMachine booted, int nid)
    {
        var blockers = RuleBlockers(boot, booted, nid);
        bool removable = blockers.Count == 0;
        if (!removable) blockers.AddRange(WhyTheKernelLeftThem(boot, nid));
        return new NodeReadiness(nid, removable, blockers);
    }

    /// <summary>
    /// What stands in the way of offlining the node's blocks: the kernel zones they lie in, the early allocations whose
    /// PageReserved pages fail isolation (the kernel image first, then the others in the order the kernel made them),
    /// the blocks holding the kernel's slab pages for the node, and the offline refusal of any other block that neither of those already accounts for (such as PageReserved pages
    /// of a reservation that starts outside every node, like the first megabyte's).
    /// </summary>
    private static List<RemovalBlocker> RuleBlockers(BootResult boot, HotplugMachine m, int nid)
    {
        var blocks = NodeOffline.OnlineBlocksOf(m, nid).ToList();
        var blockers = new List<RemovalBlocker>();

        var kernelZones = new SortedSet<ZoneType>();
        foreach (var block in blocks)
            foreach (var s in block.Segments)
                if (s.Nid == nid && ZonePolicy.TakesKernelAllocations(s.Zone)) kernelZones.Add(s.Zone);
        foreach (var zone in kernelZones)
        {
            var z = m.Zone(nid, zone);
            blockers.Add(RemovalBlocker.Of(new SizedWords(
                $"{{0}} of it is in kernel zone {zone} (pfn {Printk.AltHex(z.Start.Value)}-{Printk.AltHex(z.End.Value - 1)}), " +
                "where unmovable kernel allocations cannot be migrated away", [z.Present << Pfn.PageShift]), SizeText.Human));
        }

        var pinning = new HashSet<EarlyAllocation>();
        var refusedOtherwise = new List<(MemoryBlock Block, OfflineObstacle Obstacle)>();
        foreach (var block in blocks)
        {
            OfflineObstacle? first = null;
            bool pageReserved = false;
            foreach (var obstacle in BlockOffline.Obstacles(m, block))
            {
                first ??= obstacle;
                pageReserved |= obstacle.Kind == OfflineObstacleKind.PageReserved;
            }
            if (first is null) continue;
            var named = pageReserved ? block.ReservedBy.Where(a => a.Nid == nid).ToList() : [];
            pinning.UnionWith(named);
            bool accounted = named.Count != 0 || block.Segments.Any(s => s.Nid == nid && ZonePolicy.TakesKernelAllocations(s.Zone));
            if (!accounted) refusedOtherwise.Add((block, first));
        }
        if (pinning.Any(a => a.Kind == EarlyAllocationKind.KernelImage))
            blockers.Add(new RemovalBlocker("the kernel image is on it"));
        foreach (var a in boot.EarlyAllocations.Where(a => a.Kind != EarlyAllocationKind.KernelImage && pinning.Contains(a)))
            blockers.Add(RemovalBlocker.Of(new SizedWords(
                $"early allocation \"{SizedWords.Literal(a.What)}\" of {{0}} sits at {Printk.Pa(a.Base)} on it (PageReserved for good)", [a.Size]),
                bytes => $"{bytes} bytes") with { Allocation = a });
        // The slab pages the kernel keeps on the node (NodeSlab) fail isolation of their block for good.
        foreach (var block in blocks.Where(b => !b.Slab.IsEmpty))
            blockers.Add(new RemovalBlocker(
                $"the kernel keeps slab pages in memory block {block.Id} ({string.Join("; ", block.Slab.Select(s => s.Owner))}), which never migrate"));
        foreach (var (block, obstacle) in refusedOtherwise)
            blockers.Add(new RemovalBlocker($"memory block {block.Id} cannot be offlined ({obstacle.Errno}): {obstacle.Reason}"));
        return blockers;
    }

    /// <summary>Why the kernel let boot memory of the node be used: it ignored the SRAT, or cleared the node's marks.</summary>
    private static IEnumerable<RemovalBlocker> WhyTheKernelLeftThem(BootResult boot, int nid)
    {
        if (boot.NumaFallback is { } why)
            yield return new RemovalBlocker(
                $"the kernel did not use the SRAT ({why}): it fell back to one fake node, so no range kept MEMBLOCK_HOTPLUG");
        else if (boot.Hotpluggable.Any(r => r.Nid == nid && r.PresentAtBoot && !r.FlagKept))
            yield return new RemovalBlocker(
                "the kernel cleared its MEMBLOCK_HOTPLUG marks at boot because it holds boot reservations (numa_clear_kernel_node_hotplug)");
    }
}
