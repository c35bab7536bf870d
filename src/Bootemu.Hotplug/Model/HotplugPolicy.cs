using Bootemu.Boot.Kernel;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Model;

/// <summary>
/// The policy memory hotplug follows on this machine, settled once from the command line and the kernel build:
/// movable_node, memory_hotplug.online_policy and its auto-movable knobs, memmap_on_memory, and the online type of
/// hot-added memory (memhp_default_state=, else the build's default). The rule steps read this and nothing else of
/// the command line.
/// </summary>
public sealed record HotplugPolicy
{
    /// <summary>movable_node: a block neither kernel zone nor ZONE_MOVABLE claims goes to ZONE_MOVABLE.</summary>
    public bool MovableNode { get; init; }

    /// <summary>memory_hotplug.online_policy: contig-zones (default) or auto-movable.</summary>
    public OnlinePolicy OnlinePolicy { get; init; } = OnlinePolicy.ContigZones;

    /// <summary>memory_hotplug.auto_movable_ratio (percent).</summary>
    public uint AutoMovableRatio { get; init; } = BootOptions.DefaultAutoMovableRatio;

    /// <summary>memory_hotplug.auto_movable_numa_aware.</summary>
    public bool AutoMovableNumaAware { get; init; } = true;

    /// <summary>memory_hotplug.memmap_on_memory.</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>Whether memmap_on_memory serves every block of an add (6.12) or only a one-block add (6.1).</summary>
    public bool MemmapOnMemoryForEveryBlock { get; init; }

    /// <summary>auto_online_blocks: the online type of hot-added memory.</summary>
    public OnlineType AutoOnlineType { get; init; } = OnlineType.Offline;

    /// <summary>The policy of a machine booted with <paramref name="options"/> on <paramref name="kernel"/>.</summary>
    public static HotplugPolicy From(BootOptions options, KernelModel kernel) => new()
    {
        MovableNode = options.MovableNode,
        OnlinePolicy = options.OnlinePolicy,
        AutoMovableRatio = options.AutoMovableRatio,
        AutoMovableNumaAware = options.AutoMovableNumaAware,
        MemmapOnMemory = options.MemmapOnMemory,
        MemmapOnMemoryForEveryBlock = kernel.MemmapOnMemoryForEveryBlock,
        AutoOnlineType = options.MemhpDefaultState ?? kernel.DefaultOnlineType,
    };
}
