using Bootemu.Boot.Model;
using Bootemu.Memblock;

namespace Bootemu.Boot.Setup;

/// <summary>
/// The named list of what the emulated boot reserved or allocated, kept while the steps run (one
/// instance per boot). At the end each entry learns the node it actually sits on, from the final
/// memblock.memory, which is what a person asking "why can't node N go?" needs.
/// </summary>
internal sealed class BootAllocations
{
    // Sized for a small machine's boot (about 50 entries), so the list does not regrow while the steps run.
    private readonly List<(AllocationName What, ulong Base, ulong Size, int RequestedNid)> _entries = new(64);

    /// <summary>
    /// Records a reservation or a successful allocation (callers skip memblock's 0 = "not found").
    /// A piece that continues the previous entry of the same name (the 2 MiB memmap chunks a
    /// node gets when its own memory is refused, placed top-down one below the other) extends it.
    /// </summary>
    public void Add(AllocationName what, ulong @base, ulong size, int requestedNid = Memblock.Memblock.NumaNoNode)
    {
        if (size == 0) return;
        if (_entries.Count > 0)
        {
            var last = _entries[^1];
            if (last.What == what && last.RequestedNid == requestedNid)
            {
                if (@base + size == last.Base) { _entries[^1] = (what, @base, last.Size + size, requestedNid); return; }
                if (last.Base + last.Size == @base) { _entries[^1] = (what, last.Base, last.Size + size, requestedNid); return; }
            }
        }
        _entries.Add((what, @base, size, requestedNid));
    }

    /// <summary>The NODE_DATA allocations of x86_numa_init and the numa_distance table a valid SLIT made.</summary>
    public void AddNuma(Numa.NumaResult numa)
    {
        foreach (var nd in numa.NodeData) Add(BootAllocationNames.NodeData(nd.Nid), nd.Base, nd.Size, nd.Nid);
        if (numa.DistanceTable is { } distances)
            Add(numa.Emulated ? BootAllocationNames.EmulatedNumaDistance : BootAllocationNames.NumaDistance, distances.Base, distances.Size);
    }

    /// <summary>The pg_data_t free_area_init allocated for each memoryless possible node (those it found room for).</summary>
    public void AddMemorylessPgdats(Zones.ZoneSetup zones)
    {
        foreach (var pg in zones.MemorylessPgdats.Where(p => p.Base != 0))
            Add(BootAllocationNames.NodeData(pg.Nid), pg.Base, pg.Size, pg.Nid);
    }

    /// <summary>
    /// The entries with the node each one's first byte belongs to: -1 when outside memblock.memory, or in a region
    /// no node claimed (MAX_NUMNODES), so a report never names node 1024.
    /// </summary>
    public IReadOnlyList<EarlyAllocation> Resolve(IReadOnlyList<MemblockRegion> memory)
    {
        var result = new List<EarlyAllocation>(_entries.Count);
        foreach (var (what, @base, size, requested) in _entries)
        {
            int i = MemblockType.FirstEndingAbove(memory, @base);
            bool onNode = i < memory.Count && memory[i].Base <= @base && memory[i].Nid != Memblock.Memblock.MaxNumNodes;
            result.Add(new EarlyAllocation(what.Kind, what.What, @base, size, requested, onNode ? memory[i].Nid : -1));
        }
        return result;
    }
}

/// <summary>The kinds and names early allocations carry in <see cref="BootResult.EarlyAllocations"/>.</summary>
internal static class BootAllocationNames
{
    public static readonly AllocationName KernelImage = new(EarlyAllocationKind.KernelImage, "kernel image");
    public static readonly AllocationName FirstPages = new(EarlyAllocationKind.FirstPages, "first 64 KiB (BIOS data)");
    public static readonly AllocationName BiosRegion = new(EarlyAllocationKind.BiosRegion, "BIOS/EBDA area below 1 MiB");
    public static readonly AllocationName Initrd = new(EarlyAllocationKind.Initrd, "initrd");
    public static readonly AllocationName Brk = new(EarlyAllocationKind.Brk, "kernel brk area (early page tables)");
    public static readonly AllocationName Trampoline = new(EarlyAllocationKind.Trampoline, "real-mode trampoline");
    public static readonly AllocationName LowMemory = new(EarlyAllocationKind.LowMemory, "first 1 MiB");
    public static readonly AllocationName PageTables = new(EarlyAllocationKind.PageTables, "page tables (direct map)");
    public static AllocationName AcpiTable(string signature) => new(EarlyAllocationKind.AcpiTable, $"ACPI table {signature}");
    public static AllocationName NodeData(int nid) => new(EarlyAllocationKind.NodeData, $"NODE_DATA({nid})");
    public static readonly AllocationName NumaDistance = new(EarlyAllocationKind.NumaDistance, "numa_distance table (from the SLIT)");
    public static readonly AllocationName EmulatedNumaDistance = new(EarlyAllocationKind.NumaDistance, "numa_distance table (of the numa=fake= nodes)");
    public static readonly AllocationName MemSectionRoots = new(EarlyAllocationKind.MemSectionRoots, "mem_section root array");
    public static AllocationName SectionRoot(int nid) => new(EarlyAllocationKind.SectionRoot, $"mem_section roots for node {nid}");
    public static AllocationName Usemap(int nid) => new(EarlyAllocationKind.Usemap, $"usemap for node {nid}");
    public static AllocationName Memmap(int nid) => new(EarlyAllocationKind.Memmap, $"memmap for node {nid}");
    public static AllocationName VmemmapPageTable(int nid) => new(EarlyAllocationKind.VmemmapPageTable, $"vmemmap page tables for node {nid}");
    public static AllocationName Percpu(int nid) => new(EarlyAllocationKind.Percpu, $"per-cpu areas for node {nid}");
    public static readonly AllocationName FixmapPageTables = new(EarlyAllocationKind.FixmapPageTables, "fixmap page tables");
    public static readonly AllocationName SwiotlbBuffer = new(EarlyAllocationKind.Swiotlb, "swiotlb bounce buffer");
    public static readonly AllocationName SwiotlbSlots = new(EarlyAllocationKind.Swiotlb, "swiotlb slot array");
    public static readonly AllocationName DentryHashTable = new(EarlyAllocationKind.VfsHashTable, "dentry cache hash table");
    public static readonly AllocationName InodeHashTable = new(EarlyAllocationKind.VfsHashTable, "inode cache hash table");
}
