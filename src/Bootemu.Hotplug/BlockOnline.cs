using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// Writing online, online_kernel or online_movable to a block's state file (drivers/base/memory.c state_store
/// → memory_block_online → mm/memory_hotplug.c online_pages).
/// </summary>
internal static class BlockOnline
{
    /// <param name="log">Where the zonelist rebuild prints when the block is its zone's first memory (none: not kept).</param>
    public static HotplugOutcome Online(HotplugMachine m, long blockId, OnlineType type, KernelLog? log = null)
    {
        var block = m.Blocks[blockId];
        if (block.State == BlockState.Online)
            return HotplugOutcome.Fail(m, Errno.EINVAL,
                "the block is already online: the device core reports no change, which state_store turns into EINVAL");

        var zoneType = ZonePolicy.ZoneForPfnRange(m, type, block.Nid, block.Group, block.StartPfn, block.Pages);
        if (m.Settings.Rules == HotplugRules.Linux38)
        {
            var refusal = Rules38.CheckOnline(m, block, type, zoneType);
            if (refusal is not null) return HotplugOutcome.Fail(m, Errno.EPERM, refusal);
            m = Rules38.MoveBorder(m, block, zoneType);
        }

        // move_pfn_range_to_zone; online_pages_range gives the pages after the block's own memmap to the buddy
        // allocator; adjust_present_page_count (the memmap_on_memory pages count as present too).
        var before = m;
        var zone = m.Zone(block.Nid, zoneType);
        bool firstPagesOfZone = !zone.IsPopulated;
        if (m.Settings.Rules == HotplugRules.Kernel) zone = ZoneSpans.Grow(zone, block.StartPfn, block.Pages);
        zone = zone with { Managed = zone.Managed + block.Pages - block.VmemmapPages };
        m = m.WithZone(zone);
        m = ZoneSpans.AdjustPresent(m, block, zone, (long)block.Pages);
        m = m.WithBlock(block with
        {
            State = BlockState.Online,
            Zone = zoneType,
            Segments = [new ZoneSegment(block.Nid, zoneType, block.StartPfn, block.EndPfn)],
        });
        // A zone that was not populated is in no zonelist yet: rebuild them (the node is in N_MEMORY by now), then set
        // the watermarks again.
        if (firstPagesOfZone)
            m = ZonelistRebuild.Rebuild(m, m.OnlineNodes.Where(m.HasMemory).ToList(), log ?? new KernelLog());
        m = ZoneWatermarkRefresh.Refresh(m);
        // The node's CPUs start allocating from the block if it is the node's first normal memory.
        m = NodeSlab.AfterOnline(before, m, block.Nid);
        return HotplugOutcome.Ok(m, $"onlined to {ZoneNames.Of(zoneType)}");
    }
}
