using Bootemu.Boot.Model;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>The node masks of a machine after hotplug: node_states as online_pages, offline_pages and try_offline_node leave them.</summary>
public static class NodeMasksView
{
    public static NodeMasks Of(HotplugMachine m) => new(
        m.PossibleNodes.ToArray(),
        m.OnlineNodes.ToArray(),
        m.OnlineNodes.Where(m.HasNormalMemory).ToArray(),
        m.OnlineNodes.Where(m.HasMemory).ToArray(),
        m.OnlineNodes.Where(m.CpuStateNodes.Contains).ToArray());
}
