using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// Writing offline to a block's state file (drivers/base/memory.c memory_block_offline → mm/memory_hotplug.c
/// offline_pages), with the page classification of mm/page_isolation.c (has_unmovable_pages) and the
/// migration loop of do_migrate_range.
/// </summary>
/// <remarks>
/// Since 5.x offline_pages retries failed migrations forever: only a signal to the writing process ends the loop,
/// with EINTR ("signal backoff"). bootemu does not loop: when pages can never move (long-term pins, or no free
/// memory anywhere they may go) it reports the EINTR the user gets once they interrupt the write, and says so.
/// </remarks>
internal static class BlockOffline
{
    /// <param name="signalsReach">
    /// Whether a signal can end the migration loop: true for a write to the state file, false for the ACPI hotplug
    /// worker of an eject, where a migration that can never finish makes offline_pages loop for good (EINPROGRESS here).
    /// </param>
    public static HotplugOutcome Offline(HotplugMachine m, long blockId, KernelLog log, bool signalsReach = true)
    {
        var block = m.Blocks[blockId];
        var start = block.StartPfn + block.VmemmapPages;
        HotplugOutcome Failed(Errno errno, string reason, string detail)
        {
            log.Debug($"memory offlining [mem {Printk.AltHex(start.Address, 10)}-{Printk.AltHex(block.EndPfn.Address - 1, 10)}] failed due to {reason}");
            return HotplugOutcome.Fail(m, errno, $"{reason}: {detail}");
        }

        if (Obstacles(m, block).FirstOrDefault() is { } obstacle)
        {
            // Isolation reports the page it stopped at (dump_page, KERN_WARNING) before offline_pages gives up.
            if (obstacle.Kind is OfflineObstacleKind.PageReserved or OfflineObstacleKind.UnmovablePages)
                foreach (var line in PageDump.Lines(m.Kernel, block, obstacle.Kind)) log.Warn(line);
            return obstacle.FailedDueTo is { } cause
                ? Failed(obstacle.Errno, cause, obstacle.Detail)
                : HotplugOutcome.Fail(m, obstacle.Errno, obstacle.Detail);
        }
        var zoneType = block.Zone!.Value;

        // The migration loop: pinned pages never move; movable and hugetlb pages need room elsewhere.
        HotplugOutcome NeverMigrates(string why) => signalsReach
            ? Failed(Errno.EINTR, "signal backoff", why + "; 6.1 retries forever, so the write only ends with a signal (EINTR)")
            : HotplugOutcome.Fail(m, Errno.EINPROGRESS, why + "; offline_pages retries forever and no signal reaches the ACPI hotplug worker, so it never returns");
        ulong pinned = block.UsedPages(AllocationKind.Pinned);
        if (pinned != 0)
            return NeverMigrates($"{pinned} long-term pinned pages cannot be migrated");
        var (after, moved, missing) = Migrate(m, block);
        if (missing != 0)
            return NeverMigrates($"no room for {missing} of the block's pages in the zones and nodes they may move to");
        m = after;

        // Success: the pages leave the buddy allocator and the zone, the watermarks are set again, a zone left without
        // pages drops out of the zonelists, the span shrinks at its borders, the block forgets its zone.
        block = m.Blocks[blockId];
        var zone = m.Zone(block.Nid, zoneType);
        var memoryBefore = m.OnlineNodes.Where(m.HasMemory).ToList();
        zone = zone with { Managed = zone.Managed - (block.Pages - block.VmemmapPages) };
        m = ZoneSpans.AdjustPresent(m, block, zone, -(long)block.Pages);
        m = ZoneWatermarkRefresh.Refresh(m);
        if (!m.Zone(block.Nid, zoneType).IsPopulated)
            m = ZonelistRebuild.Rebuild(m, m.Kernel.OfflineClearsNodeMemoryBeforeZonelists ? m.OnlineNodes.Where(m.HasMemory).ToList() : memoryBefore, log);
        m = m.WithBlock(block with
        {
            State = BlockState.Offline,
            Zone = null,
            Segments = ImmutableArray<ZoneSegment>.Empty,
            Used = ImmutableDictionary<AllocationKind, ulong>.Empty,
            Slab = ImmutableArray<SlabPages>.Empty,
        });
        if (m.Settings.Rules == HotplugRules.Kernel)
            m = m.WithZone(ZoneSpans.Shrink(m, m.Zone(block.Nid, zoneType), block.StartPfn, block.EndPfn));
        return HotplugOutcome.Ok(m, moved.IsEmpty ? "" : "migrated " + PageAllocator.Describe(moved));
    }

    /// <summary>
    /// Every reason the block cannot go offline however its pages could migrate, in the order memory_block_offline and
    /// offline_pages check them; offline fails with the first. Empty when only migration stands between the block and
    /// offline. Hot-remove readiness asks the same question of a booted machine.
    /// </summary>
    public static IEnumerable<OfflineObstacle> Obstacles(HotplugMachine m, MemoryBlock block)
    {
        if (block.State != BlockState.Online)
        {
            yield return new OfflineObstacle(OfflineObstacleKind.AlreadyOffline, Errno.EINVAL,
                "the block is already offline: the device core reports no change, which state_store turns into EINVAL");
            yield break;
        }
        if (block.DerivedPages != 0)
            yield return new OfflineObstacle(OfflineObstacleKind.DerivedZonePages, Errno.EBUSY, Derived.DerivedZoneRules.OfflineRefusal(m, block));
        if (block.Zone is null)
            yield return new OfflineObstacle(OfflineObstacleKind.NoSingleZone, Errno.EINVAL, block.Nodes.Length > 1
                ? $"the block spans nodes {string.Join(",", block.Nodes)} (valid_zones none): memory_block_offline refuses a block without a single zone"
                : "the block spans several zones (valid_zones none): memory_block_offline refuses a block without a single zone");
        else if (m.Settings.Rules == HotplugRules.Linux38 && Rules38.CheckOffline(m, block) is { } refusal)
            yield return new OfflineObstacle(OfflineObstacleKind.LastNormalMemory, Errno.EINVAL, refusal);

        if (block.HasHoles)
            yield return new OfflineObstacle(OfflineObstacleKind.Holes, Errno.EINVAL,
                $"only {block.SystemRamPages} of {block.Pages} pages are System RAM, so the block can never be offlined", "memory holes");

        // start_isolate_page_range → has_unmovable_pages, per pageblock.
        if (block.ReservedPageCount != 0)
            yield return new OfflineObstacle(OfflineObstacleKind.PageReserved, Errno.EBUSY,
                $"PageReserved pages ({Describe(block.Reserved)}) are unmovable even in ZONE_MOVABLE", "failure to isolate range");
        if (block.Zone is { } zone && zone != ZoneType.Movable)
        {
            ulong unmovable = block.UsedPages(AllocationKind.Unmovable) + block.UsedPages(AllocationKind.Memmap) + block.SlabPageCount;
            if (unmovable != 0)
                yield return new OfflineObstacle(OfflineObstacleKind.UnmovablePages, Errno.EBUSY,
                    $"{unmovable} unmovable kernel pages in ZONE_{ZoneNames.Of(zone).ToUpperInvariant()}{MemmapNote(block)}{SlabNote(block)}", "failure to isolate range");
        }
    }

    /// <summary>
    /// do_migrate_range: targets are the other nodes with memory (the block's own node only when it is the last),
    /// nearest first. Ordinary pages ask GFP_USER | __GFP_MOVABLE, which reaches ZONE_MOVABLE only for pages
    /// leaving ZONE_MOVABLE (alloc_migration_target adds __GFP_HIGHMEM for them); hugetlb pages use
    /// GFP_HIGHUSER_MOVABLE and need a whole free 2 MiB page.
    /// </summary>
    public static (HotplugMachine Machine, ImmutableArray<Placement> Moved, ulong Missing) Migrate(HotplugMachine m, MemoryBlock block)
    {
        if (block.UsedPages(AllocationKind.Hugetlb) == 0 && block.UsedPages(AllocationKind.Movable) == 0)
            return (m, ImmutableArray<Placement>.Empty, 0); // nothing to move, so no target to look for
        var nodes = m.OnlineNodes.Where(n => n != block.Nid && m.HasMemory(n)).ToHashSet();
        if (nodes.Count == 0) nodes.Add(block.Nid);
        var moved = ImmutableArray.CreateBuilder<Placement>();
        ulong missing = 0;
        var pageZoneCap = block.Zone == ZoneType.Movable ? ZoneType.Movable : ZoneType.Normal;
        foreach (var (kind, cap, unit) in new[] { (AllocationKind.Hugetlb, ZoneType.Movable, 512UL), (AllocationKind.Movable, pageZoneCap, 1UL) })
        {
            ulong pages = block.UsedPages(kind);
            if (pages == 0) continue;
            var (after, placed, left) = PageAllocator.Allocate(m, kind, pages, block.Nid, nodes, cap, block.Id, unit);
            m = after;
            moved.AddRange(placed);
            missing += left;
        }
        return (m, moved.ToImmutable(), missing);
    }

    private static string Describe(IEnumerable<ReservedPages> reserved) =>
        string.Join(", ", reserved.Select(r => $"{r.What}: {r.Pages} pages"));

    private static string SlabNote(MemoryBlock block) =>
        block.Slab.IsEmpty ? "" : $", slab pages the kernel keeps: {string.Join(", ", block.Slab.Select(s => $"{s.Owner}: {s.Pages} page{(s.Pages == 1 ? "" : "s")}"))}";

    private static string MemmapNote(MemoryBlock block) =>
        block.UsedPages(AllocationKind.Memmap) != 0 ? $", {block.UsedPages(AllocationKind.Memmap)} of them the memmap of hot-added memory" : "";
}
