using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Model;

/// <summary>
/// The machine after boot as memory hotplug sees it: the memory block devices, the zones, the node states,
/// iomem, memory groups and the runtime workload. Immutable: every hotplug operation takes one and gives
/// back a new one, so two emulated machines never share anything.
/// </summary>
public sealed record HotplugMachine
{
    /// <summary>The hotplug policy of the command line and the kernel build, settled once at boot.</summary>
    public required HotplugPolicy Policy { get; init; }

    /// <summary>The kernel build whose hotplug rules apply (the boot's).</summary>
    public required Bootemu.Boot.Kernel.KernelModel Kernel { get; init; }

    /// <summary>What became of each ACPI memory device present at boot (hot-added during acpi_init), in order.</summary>
    public ImmutableArray<DeviceAtBoot> DevicesAtBoot { get; init; } = ImmutableArray<DeviceAtBoot>.Empty;

    /// <summary>The online type hot-added memory gets (auto_online_blocks): memhp_default_state=, else the build's default.</summary>
    public OnlineType AutoOnlineType => Policy.AutoOnlineType;
    public required HotplugSettings Settings { get; init; }

    /// <summary>memory_block_size_bytes().</summary>
    public required ulong BlockSize { get; init; }

    public ulong PagesPerBlock => BlockSize >> Pfn.PageShift;

    public required ImmutableSortedDictionary<long, MemoryBlock> Blocks { get; init; }
    public required ImmutableDictionary<ZoneKey, ZoneState> Zones { get; init; }

    /// <summary>node_possible_map.</summary>
    public required ImmutableSortedSet<int> PossibleNodes { get; init; }

    /// <summary>node_online_map (nodes with NODE_DATA and a sysfs node).</summary>
    public required ImmutableSortedSet<int> OnlineNodes { get; init; }

    /// <summary>Present CPUs per node (check_cpu_on_node keeps such a node online).</summary>
    public required ImmutableDictionary<int, ImmutableArray<int>> Cpus { get; init; }

    /// <summary>N_CPU as the boot left it (<see cref="NodeMasks.CpuStateNodes"/>); memory hotplug never changes it.</summary>
    public required ImmutableSortedSet<int> CpuStateNodes { get; init; }

    /// <summary>node_distance(from, to) over possible nodes.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Distances { get; init; }

    /// <summary>Top-level iomem resources.</summary>
    public required ImmutableArray<IomemRange> Iomem { get; init; }

    public ImmutableArray<MemoryGroup> Groups { get; init; } = ImmutableArray<MemoryGroup>.Empty;
    public ImmutableArray<HotAddedRange> Added { get; init; } = ImmutableArray<HotAddedRange>.Empty;

    /// <summary>SRAT ranges that had no RAM at boot, with their node: where hot-add is expected.</summary>
    public ImmutableArray<HotplugCapacityRange> HotplugCapacity { get; init; } = ImmutableArray<HotplugCapacityRange>.Empty;

    /// <summary>numa_meminfo at the end of boot, for memory_add_physaddr_to_nid (<see cref="NumaLookup"/>).</summary>
    public ImmutableArray<NumaMemblk> NumaMeminfo { get; init; } = ImmutableArray<NumaMemblk>.Empty;

    /// <summary>
    /// The PageReserved pfn ranges boot left (memblock.reserved, page-rounded outward, less the freed initrd), in address
    /// order: where in its block each reserved page lies. Only the derived-zones experiment reads positions.
    /// </summary>
    public ImmutableArray<(Pfn Start, Pfn End)> BootReservedPfns { get; init; } = ImmutableArray<(Pfn Start, Pfn End)>.Empty;

    /// <summary>Zones carved out of a node's zones by bootemu's derived-zones experiment (not Linux): empty unless opted in.</summary>
    public ImmutableArray<DerivedZone> DerivedZones { get; init; } = ImmutableArray<DerivedZone>.Empty;

    public ZoneState Zone(int nid, ZoneType zone) =>
        Zones.TryGetValue(new ZoneKey(nid, zone), out var z) ? z : new ZoneState(nid, zone, new Pfn(0), 0, 0, 0);

    /// <summary>The node's zones that hold memory blocks (every type but ZONE_DEVICE), in zone order.</summary>
    public IEnumerable<ZoneState> ZonesOf(int nid)
    {
        foreach (var type in BlockZoneTypes) yield return Zone(nid, type);
    }

    private static readonly ImmutableArray<ZoneType> BlockZoneTypes = [ZoneType.DMA, ZoneType.DMA32, ZoneType.Normal, ZoneType.Movable];

    /// <summary>N_MEMORY: the node has present pages.</summary>
    public bool HasMemory(int nid)
    {
        foreach (var type in BlockZoneTypes)
            if (Zone(nid, type).IsPopulated) return true;
        return false;
    }

    public MemoryBlock? Block(long id) => Blocks.TryGetValue(id, out var b) ? b : null;

    /// <summary>Blocks overlapping [start, end) in id order.</summary>
    public IEnumerable<MemoryBlock> BlocksIn(ulong start, ulong end) => Blocks.Values.Where(b => b.Overlaps(start, end));

    /// <summary>N_NORMAL_MEMORY: the node has present pages in DMA, DMA32 or Normal.</summary>
    public bool HasNormalMemory(int nid) => ZonesOf(nid).Any(z => z.IsPopulated && z.Zone <= ZoneType.Normal);

    /// <summary>node_spanned_pages: the node's span is the union of its zone spans (update_pgdat_span).</summary>
    public ulong NodeSpannedPages(int nid)
    {
        var spanned = ZonesOf(nid).Where(z => !z.IsEmpty).ToList();
        if (spanned.Count == 0) return 0;
        return spanned.Max(z => z.End.Value) - spanned.Min(z => z.Start.Value);
    }

    /// <summary>node_distance(from, every node id the row holds), for the zonelist order.</summary>
    public void DistanceRow(int from, Span<int> row)
    {
        for (int to = 0; to < row.Length; to++) row[to] = Distance(from, to);
    }

    public int Distance(int from, int to) =>
        from < Distances.Count && to < Distances[from].Count ? Distances[from][to] : (from == to ? NumaNodes.LocalDistance : NumaNodes.RemoteDistance);

    /// <summary>
    /// policy_zone: the highest zone type other than ZONE_MOVABLE that a zonelist build has met populated. Builds only
    /// ever raise it, so it stays where it is when that zone empties again.
    /// </summary>
    public ZoneType PolicyZone { get; init; } = ZoneType.DMA;

    /// <summary>The zonelist node orders the boot built (BootResult.ZonelistOrders); empty for hand-made machines.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> BootZonelistOrders { get; init; } = new Dictionary<int, IReadOnlyList<int>>();

    /// <summary>
    /// The node order of the zonelist of <paramref name="nid"/>: the order the boot built for it
    /// (find_next_best_node, node_load included), restricted to nodes still online, then any node that came
    /// online later. Nodes the boot did not order fall back to distance alone: the node itself, then the others
    /// by distance, a node below <paramref name="nid"/> counting one more ("prefer the next node"), ties to the
    /// lower id.
    /// </summary>
    public IEnumerable<int> NodeFallbackOrder(int nid)
    {
        var byDistance = new[] { nid }.Concat(OnlineNodes.Where(n => n != nid).OrderBy(n => Distance(nid, n) + (n < nid ? 1 : 0)).ThenBy(n => n));
        if (!BootZonelistOrders.TryGetValue(nid, out var boot)) return byDistance;
        var ordered = boot.Where(n => n == nid || OnlineNodes.Contains(n)).ToList();
        return ordered.Concat(byDistance.Where(n => !ordered.Contains(n)));
    }

    /// <summary>
    /// The online blocks overlapping [from, to), in address order or its reverse: looked up by id when the range holds
    /// fewer block ids than the machine has blocks (offlining a node block by block, or finding a zone's first block, then costs a lookup or
    /// two instead of a pass over every block), else by a pass over the blocks.
    /// </summary>
    internal IEnumerable<MemoryBlock> OnlineBlocksOver(Pfn from, Pfn to, bool descending)
    {
        if (from >= to) yield break;
        long first = (long)(from.Value / PagesPerBlock), last = (long)((to.Value - 1) / PagesPerBlock);
        if (last - first + 1 > Blocks.Count)
        {
            var overlapping = Blocks.Values.Where(b => b.State == BlockState.Online && b.StartPfn < to && b.EndPfn > from);
            foreach (var block in descending ? overlapping.Reverse() : overlapping) yield return block;
            yield break;
        }
        for (long i = 0; i <= last - first; i++)
            if (Blocks.TryGetValue(descending ? last - i : first + i, out var block) && block.State == BlockState.Online)
                yield return block;
    }

    public HotplugMachine WithBlock(MemoryBlock block) => this with { Blocks = Blocks.SetItem(block.Id, block) };

    public HotplugMachine WithZone(ZoneState zone) => this with { Zones = Zones.SetItem(new ZoneKey(zone.Nid, zone.Zone), zone) };

    public HotplugMachine WithGroup(MemoryGroup group) =>
        this with { Groups = Groups.Select(g => g.Id == group.Id ? group : g).ToImmutableArray() };

    public MemoryGroup? GroupById(int? id) => id is null ? null : Groups.FirstOrDefault(g => g.Id == id);
}

/// <summary>An ACPI memory device present at boot and the outcome of its hot-add (with auto-online) during acpi_init.</summary>
public sealed record DeviceAtBoot(MemoryDevice Device, Errno? Error, string Detail);
