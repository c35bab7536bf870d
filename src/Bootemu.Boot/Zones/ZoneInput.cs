using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Machine;
using Bootemu.Memblock;

namespace Bootemu.Boot.Zones;

/// <summary>What free_area_init needs from the boot so far.</summary>
internal sealed record ZoneInput
{
    /// <summary>memblock.memory after NUMA init: sorted regions with their nid and HOTPLUG/MIRROR flags.</summary>
    public required IReadOnlyList<MemblockRegion> Memory { get; init; }

    /// <summary>memblock.memory as pfn ranges (for_each_mem_pfn_range), built once per boot.</summary>
    public required MemPfnRanges Ranges { get; init; }

    /// <summary>The sections sparse_init marked present.</summary>
    public required PresentSections PresentSections { get; init; }

    /// <summary>max_pfn, which on x86_64 is also max_low_pfn by the time zone_sizes_init runs.</summary>
    public required Pfn MaxPfn { get; init; }

    /// <summary>The options this step reads: movable_node, kernelcore= (mirror or a size) and movablecore=.</summary>
    public required MovableZoneRequest Options { get; init; }

    /// <summary>node_possible_map: the nodes free_area_init walks (for_each_node).</summary>
    public required IReadOnlyList<int> PossibleNodes { get; init; }

    /// <summary>node_online_map: the nodes that got NODE_DATA during NUMA init.</summary>
    public required IReadOnlyList<int> OnlineNodes { get; init; }

    /// <summary>The kernel build whose zone rules apply.</summary>
    public required Kernel.KernelModel Kernel { get; init; }
}
