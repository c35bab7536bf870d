using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Model;

/// <summary>
/// Everything the emulated boot decided, as a plain immutable model: the input to the outputs
/// (dmesg, zoneinfo, json, text) and to the after-boot hotplug emulation.
/// </summary>
public sealed record BootResult
{
    /// <summary>The kernel build this boot emulated.</summary>
    public required Kernel.KernelModel Kernel { get; init; }

    /// <summary>
    /// The ACPI memory devices present at boot. The boot path does not touch them: the kernel hot-adds them during
    /// acpi_init, which the hotplug layer emulates first thing after boot.
    /// </summary>
    public IReadOnlyList<MemoryDevice> MemoryDevices { get; init; } = Array.Empty<MemoryDevice>();

    public required BootOptions Options { get; init; }

    /// <summary>max_pfn: one past the last page of RAM.</summary>
    public required Pfn MaxPfn { get; init; }

    /// <summary>The e820 map after mem=/memmap= and the BIOS-range trim, as the kernel used it.</summary>
    public required IReadOnlyList<E820Entry> E820 { get; init; }

    /// <summary>memblock.memory at the end of boot, with node ids and the HOTPLUG/MIRROR flags.</summary>
    public required IReadOnlyList<MemblockRegion> Memory { get; init; }

    /// <summary>memblock.memory as page frame ranges with their node (for_each_mem_pfn_range), as the zone steps read it.</summary>
    public required MemPfnRanges MemoryRanges { get; init; }

    /// <summary>The memory sections sparse_init marked present: the sections the memory block devices are made of.</summary>
    public required PresentSections PresentSections { get; init; }

    /// <summary>memblock.reserved at the end of boot: every byte that stays PageReserved.</summary>
    public required IReadOnlyList<MemblockRegion> Reserved { get; init; }

    /// <summary>Every possible node, in ascending nid order.</summary>
    public required IReadOnlyList<NodeLayout> Nodes { get; init; }

    /// <summary>The zone ZONE_MOVABLE is carved from (find_usable_zone_for_movable).</summary>
    public required ZoneType MovableZone { get; init; }

    /// <summary>Named early allocations and reservations, for "why can't this be removed" answers.</summary>
    public required IReadOnlyList<EarlyAllocation> EarlyAllocations { get; init; }

    /// <summary>SRAT memory ranges that had no RAM at boot (numa_reserved_meminfo): hot-add capacity, with their node.</summary>
    public required IReadOnlyList<HotplugCapacityRange> HotplugCapacity { get; init; }

    /// <summary>
    /// Every SRAT memory range flagged hot-pluggable (enabled entries only), with its node and whether
    /// any of it was RAM at boot: the ranges a person expects to be able to remove.
    /// </summary>
    public IReadOnlyList<HotpluggableRange> Hotpluggable { get; init; } = Array.Empty<HotpluggableRange>();

    /// <summary>The zone ranges free_area_init used: [lowest, highest) pfn per zone type (Movable's is always empty).</summary>
    public IReadOnlyList<(ZoneType Zone, Pfn Start, Pfn End)> ZoneRanges { get; init; } = Array.Empty<(ZoneType, Pfn, Pfn)>();

    /// <summary>The generic initiators the SRAT placed (each one's node is online even without memory or CPUs).</summary>
    public IReadOnlyList<GenericInitiator> GenericInitiators { get; init; } = Array.Empty<GenericInitiator>();

    /// <summary>node_distance(from, to), indexed [from][to] over possible nodes.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Distances { get; init; }

    /// <summary>numa_meminfo after cleanup, in the kernel's order: the blocks memory_add_physaddr_to_nid searches at hot-add.</summary>
    public IReadOnlyList<NumaMemblk> NumaMeminfo { get; init; } = Array.Empty<NumaMemblk>();

    /// <summary>Why x86_numa_init fell back to one fake node and dropped every hotplug mark; null when it used the SRAT.</summary>
    public string? NumaFallback { get; init; }

    /// <summary>The node order of each node's zonelist as built at boot (the "Fallback order for Node" lines).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> ZonelistOrders { get; init; } = new Dictionary<int, IReadOnlyList<int>>();

    /// <summary>
    /// Why the real kernel would not finish booting this machine (it panics soon after the emulated steps), or null when
    /// it boots. The emulated layout up to that point is still shown, but nothing after boot can be asked of it.
    /// </summary>
    public string? KernelPanics { get; init; }

    /// <summary>The kernel's log lines for the emulated steps, in order.</summary>
    public required IReadOnlyList<KernelLogLine> Log { get; init; }

    /// <summary>bootemu's own notes (assumptions, ignored input), not kernel lines.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
