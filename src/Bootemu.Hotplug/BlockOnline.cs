using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// Writing online, online_kernel or online_movable to a block's state file (drivers/base/memory.c state_store
/// → memory_block_online → mm/memory_hotplug.c online_pages).
/// </summary>
internal static class BlockOnline
{
    public static HotplugOutcome Online(HotplugMachine m, long blockId, OnlineType type)
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

        // move_pfn_range_to_zone, then adjust_present_page_count (the memmap_on_memory pages count as present too).
        var before = m;
        var zone = m.Zone(block.Nid, zoneType);
        if (m.Settings.Rules == HotplugRules.Kernel) zone = ZoneSpans.Grow(zone, block.StartPfn, block.Pages);
        m = m.WithZone(zone);
        m = ZoneSpans.AdjustPresent(m, block, zone, (long)block.Pages);
        m = m.WithBlock(block with
        {
            State = BlockState.Online,
            Zone = zoneType,
            Segments = [new ZoneSegment(block.Nid, zoneType, block.StartPfn, block.EndPfn)],
        });
        // The node's CPUs start allocating from the block if it is the node's first normal memory.
        m = NodeSlab.AfterOnline(before, m, block.Nid);
        return HotplugOutcome.Ok(m, $"onlined to {ZoneNames.Of(zoneType)}");
    }
}
