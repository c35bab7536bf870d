using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// Which zone a block goes to when it is onlined (mm/memory_hotplug.c, zone_for_pfn_range and helpers), and
/// the valid_zones file that shows those choices (drivers/base/memory.c, valid_zones_show).
/// </summary>
internal static class ZonePolicy
{
    /// <summary>
    /// default_kernel_zone_for_pfn: the first of DMA, DMA32, Normal whose span meets the range; Normal otherwise.
    /// </summary>
    public static ZoneType DefaultKernelZone(HotplugMachine m, int nid, Pfn start, ulong pages)
    {
        foreach (var zone in new[] { ZoneType.DMA, ZoneType.DMA32, ZoneType.Normal })
            if (m.Zone(nid, zone).Intersects(start, pages)) return zone;
        return ZoneType.Normal;
    }

    /// <summary>
    /// default_zone_for_pfn (the contig-zones policy): inherit the one zone whose span already meets the range;
    /// when neither or both do, ZONE_MOVABLE under movable_node, else the kernel zone.
    /// </summary>
    public static ZoneType DefaultZone(HotplugMachine m, int nid, Pfn start, ulong pages)
    {
        var kernel = DefaultKernelZone(m, nid, start, pages);
        bool inKernel = m.Zone(nid, kernel).Intersects(start, pages);
        bool inMovable = m.Zone(nid, ZoneType.Movable).Intersects(start, pages);
        if (inKernel ^ inMovable) return inKernel ? kernel : ZoneType.Movable;
        return m.Policy.MovableNode ? ZoneType.Movable : kernel;
    }

    /// <summary>zone_for_pfn_range: the zone an online request of <paramref name="type"/> lands in.</summary>
    public static ZoneType ZoneForPfnRange(HotplugMachine m, OnlineType type, int nid, int? group, Pfn start, ulong pages)
    {
        if (m.Settings.Rules == HotplugRules.Linux38) return Rules38.ZoneFor(m, type, nid, start, pages);
        if (type == OnlineType.OnlineKernel) return DefaultKernelZone(m, nid, start, pages);
        if (type == OnlineType.OnlineMovable) return ZoneType.Movable;
        if (m.Policy.OnlinePolicy == OnlinePolicy.AutoMovable) return AutoMovableZone(m, nid, m.GroupById(group), start, pages);
        return DefaultZone(m, nid, start, pages);
    }

    /// <summary>
    /// auto_movable_zone_for_pfn: ZONE_MOVABLE only while the MOVABLE:KERNEL ratio stays within
    /// memory_hotplug.auto_movable_ratio, system-wide and (numa-aware) for the node. A static group goes to
    /// the kernel zone as soon as any of it is kernel memory, and is judged as a whole.
    /// </summary>
    public static ZoneType AutoMovableZone(HotplugMachine m, int nid, MemoryGroup? group, Pfn start, ulong pages)
    {
        if (m.Policy.AutoMovableRatio == 0) return DefaultKernelZone(m, nid, start, pages);
        ulong remaining = pages;
        if (group is not null)
        {
            if (group.PresentKernelPages != 0) return DefaultKernelZone(m, nid, start, pages);
            remaining = group.MaxPages - group.PresentMovablePages;
        }
        if (!AutoMovableCanOnlineMovable(m, null, remaining)) return DefaultKernelZone(m, nid, start, pages);
        if (m.Policy.AutoMovableNumaAware && !AutoMovableCanOnlineMovable(m, nid, remaining))
            return DefaultKernelZone(m, nid, start, pages);
        return ZoneType.Movable;
    }

    /// <summary>
    /// auto_movable_can_online_movable: movable present pages + <paramref name="pages"/> must not exceed
    /// ratio% of the boot-time kernel pages (present_early_pages of the non-Movable zones); with no boot
    /// kernel memory at all the answer is no.
    /// </summary>
    public static bool AutoMovableCanOnlineMovable(HotplugMachine m, int? nid, ulong pages)
    {
        var zones = m.Zones.Values.Where(z => z.IsPopulated && (nid is null || z.Nid == nid));
        ulong kernelEarly = 0, movable = 0;
        foreach (var z in zones)
        {
            if (z.Zone == ZoneType.Movable) movable += z.Present;
            else kernelEarly += z.PresentEarly;
        }
        if (kernelEarly == 0) return false;
        return movable + pages <= (UInt128)m.Policy.AutoMovableRatio * kernelEarly / 100;
    }

    /// <summary>
    /// Whether the kernel serves its own unmovable allocations (GFP_KERNEL: slab, page tables, kernel stacks) from
    /// <paramref name="zone"/>: every zone but ZONE_MOVABLE. Memory there is not reliably removable on a real kernel,
    /// because such pages can land in it at any time. bootemu's offline models only those of the kernel's own allocations
    /// that stay in one known block (<see cref="NodeSlab"/>) besides a script's, so it offlines any other kernel block
    /// when nothing of the script's sits in it; hot-remove readiness reports the zone as well.
    /// </summary>
    public static bool TakesKernelAllocations(ZoneType zone) => zone <= AllocationKind.Unmovable.HighestZone();

    /// <summary>
    /// valid_zones_show: an online block shows its zone, or "none" when it spans zones or nodes; an offline
    /// block shows the default zone first, then the kernel zone and Movable when they differ from it.
    /// </summary>
    public static IReadOnlyList<string> ValidZones(HotplugMachine m, MemoryBlock block)
    {
        if (block.State == BlockState.Online)
            return new[] { block.Zone is { } z ? ZoneNames.Of(z) : "none" };
        if (m.Settings.Rules == HotplugRules.Linux38) return Rules38.ValidZones(m, block);
        var first = ZoneForPfnRange(m, OnlineType.Online, block.Nid, block.Group, block.StartPfn, block.Pages);
        var words = new List<string> { ZoneNames.Of(first) };
        foreach (var type in new[] { OnlineType.OnlineKernel, OnlineType.OnlineMovable })
        {
            var zone = ZoneForPfnRange(m, type, block.Nid, block.Group, block.StartPfn, block.Pages);
            if (zone != first) words.Add(ZoneNames.Of(zone));
        }
        return words;
    }
}
