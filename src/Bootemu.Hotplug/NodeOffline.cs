using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// Offlining every online block of a node, one state write per block in address order (what
/// `for b in /sys/devices/system/node/nodeN/memory*; do echo offline > $b/state; done` does): blocks that
/// succeed stay offline, and the first failure is the step's result.
/// </summary>
internal static class NodeOffline
{
    public static HotplugOutcome OfflineNode(HotplugMachine m, int nid, KernelLog log)
    {
        var ids = OnlineBlocksOf(m, nid).Select(b => b.Id).ToList();
        var done = new List<long>();
        HotplugOutcome? firstFailure = null;
        long failedBlock = -1;
        var failed = new List<long>();
        foreach (long id in ids)
        {
            var outcome = BlockOffline.Offline(m, id, log);
            m = outcome.Machine;
            if (outcome.Succeeded) { done.Add(id); continue; }
            failed.Add(id);
            if (firstFailure is null) { firstFailure = outcome; failedBlock = id; }
        }
        string offlined = done.Count == 0 ? "no block offlined" : $"offlined blocks {PageAllocator.BlockList(done)}";
        if (firstFailure is { Error: { } error })
            return HotplugOutcome.Fail(m, error,
                $"block {failedBlock}: {firstFailure.Detail} (failed blocks {PageAllocator.BlockList(failed)}; {offlined})");
        return HotplugOutcome.Ok(m, ids.Count == 0 ? $"node {nid} has no online blocks" : offlined);
    }

    /// <summary>The online blocks linked to the node (a nodeN/memoryM link), in address order.</summary>
    public static IEnumerable<MemoryBlock> OnlineBlocksOf(HotplugMachine m, int nid) =>
        m.Blocks.Values.Where(b => b.Nodes.Contains(nid) && b.State == BlockState.Online);
}
