using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// The onlining rules of Linux 3.8, where online_movable and online_kernel first appeared. A block stays in the
/// zone its pages belong to (hot-added memory joins ZONE_NORMAL when it is added) unless it is the highest block
/// of ZONE_NORMAL going Movable (move_pfn_range_right) or the lowest block of ZONE_MOVABLE going Normal
/// (move_pfn_range_left); and every node with memory keeps some Normal memory (can_online_high_movable,
/// can_offline_normal). Refused onlining returned -1 from online_pages, which userspace saw as EPERM.
/// </summary>
internal static class Rules38
{
    /// <summary>The zone whose span holds the block (page_zone of its pages); Normal when none does.</summary>
    public static ZoneType KeptZone(HotplugMachine m, int nid, Pfn start, ulong pages)
    {
        foreach (var zone in new[] { ZoneType.Movable, ZoneType.Normal, ZoneType.DMA32, ZoneType.DMA })
        {
            var z = m.Zone(nid, zone);
            if (!z.IsEmpty && start >= z.Start && start + pages <= z.End) return zone;
        }
        return ZoneType.Normal;
    }

    public static ZoneType ZoneFor(HotplugMachine m, OnlineType type, int nid, Pfn start, ulong pages)
    {
        var kept = KeptZone(m, nid, start, pages);
        return type switch
        {
            OnlineType.OnlineKernel when kept == ZoneType.Movable => ZoneType.Normal,
            OnlineType.OnlineMovable when kept == ZoneType.Normal => ZoneType.Movable,
            _ => kept,
        };
    }

    /// <summary>Why 3.8 refuses this onlining, or null when it allows it.</summary>
    public static string? CheckOnline(HotplugMachine m, MemoryBlock block, OnlineType type, ZoneType target)
    {
        var kept = KeptZone(m, block.Nid, block.StartPfn, block.Pages);
        var normal = m.Zone(block.Nid, ZoneType.Normal);
        var movable = m.Zone(block.Nid, ZoneType.Movable);
        if (type == OnlineType.OnlineKernel && kept == ZoneType.Movable)
        {
            // move_pfn_range_left: only the lowest part of ZONE_MOVABLE may move to Normal.
            if (block.EndPfn > movable.End || block.StartPfn > movable.Start || block.EndPfn <= movable.Start)
                return "only the lowest block of ZONE_MOVABLE may be onlined to Normal (move_pfn_range_left)";
        }
        if (type == OnlineType.OnlineMovable && kept == ZoneType.Normal)
        {
            // move_pfn_range_right: only the highest part of ZONE_NORMAL may move to Movable.
            if (normal.Start > block.StartPfn || normal.End > block.EndPfn || block.StartPfn >= normal.End)
                return "only the highest block of ZONE_NORMAL may be onlined to Movable (move_pfn_range_right)";
        }
        if ((target > ZoneType.Normal || type == OnlineType.OnlineMovable) && !m.HasNormalMemory(block.Nid))
            return $"node {block.Nid} has no Normal memory: it must get some before any Movable memory (can_online_high_movable)";
        return null;
    }

    /// <summary>Moves the Normal/Movable border so the block lands in <paramref name="target"/>.</summary>
    public static HotplugMachine MoveBorder(HotplugMachine m, MemoryBlock block, ZoneType target)
    {
        var kept = KeptZone(m, block.Nid, block.StartPfn, block.Pages);
        var normal = m.Zone(block.Nid, ZoneType.Normal);
        var movable = m.Zone(block.Nid, ZoneType.Movable);
        if (kept == ZoneType.Movable && target == ZoneType.Normal)
        {
            var normalStart = normal.IsEmpty ? block.StartPfn : normal.Start;
            m = m.WithZone(normal with { Start = normalStart, Spanned = block.EndPfn - normalStart });
            return m.WithZone(movable with { Start = block.EndPfn, Spanned = movable.End - block.EndPfn });
        }
        if (kept == ZoneType.Normal && target == ZoneType.Movable)
        {
            var movableEnd = movable.IsEmpty ? block.EndPfn : movable.End;
            m = m.WithZone(normal with { Spanned = block.StartPfn - normal.Start });
            return m.WithZone(movable with { Start = block.StartPfn, Spanned = movableEnd - block.StartPfn });
        }
        return m;
    }

    /// <summary>can_offline_normal: the last Normal memory of a node cannot go while it still has Movable memory.</summary>
    public static string? CheckOffline(HotplugMachine m, MemoryBlock block)
    {
        if (block.Zone is not { } zone || zone > ZoneType.Normal) return null;
        ulong kernelPresent = m.ZonesOf(block.Nid).Where(z => z.Zone <= ZoneType.Normal).Aggregate(0UL, (s, z) => s + z.Present);
        if (kernelPresent > block.Pages) return null;
        if (m.Zone(block.Nid, ZoneType.Movable).Present == 0) return null;
        return $"this is the last Normal memory of node {block.Nid}, which still has Movable memory (can_offline_normal)";
    }

    /// <summary>3.8's valid choices for an offline block: its zone, plus the neighbour zone the border may move into.</summary>
    public static IReadOnlyList<string> ValidZones(HotplugMachine m, MemoryBlock block)
    {
        var kept = KeptZone(m, block.Nid, block.StartPfn, block.Pages);
        var words = new List<string> { ZoneNames.Of(kept) };
        foreach (var type in new[] { OnlineType.OnlineKernel, OnlineType.OnlineMovable })
        {
            var target = ZoneFor(m, type, block.Nid, block.StartPfn, block.Pages);
            if (target != kept && CheckOnline(m, block, type, target) is null) words.Add(ZoneNames.Of(target));
        }
        return words;
    }
}
