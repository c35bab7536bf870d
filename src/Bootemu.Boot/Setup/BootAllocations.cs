using Bootemu.Boot.Model;
using Bootemu.Memblock;

namespace Bootemu.Boot.Setup;

/// <summary>
/// The named list of what the emulated boot reserved or allocated, kept while the steps run (one
/// instance per boot). At the end each entry learns the node it actually sits on, from the final
/// memblock.memory, which is what a person asking "why can't node N go?" needs.
/// </summary>
public sealed class BootAllocations
{
    private readonly List<(string What, ulong Base, ulong Size, int RequestedNid)> _entries = new();

    /// <summary>
    /// Records a reservation or a successful allocation (callers skip memblock's 0 = "not found").
    /// A piece that continues the previous entry of the same name (the 2 MiB memmap chunks a
    /// node gets when its own memory is refused, placed top-down one below the other) extends it.
    /// </summary>
    public void Add(string what, ulong @base, ulong size, int requestedNid = Memblock.Memblock.NumaNoNode)
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
            result.Add(new EarlyAllocation(what, @base, size, requested, onNode ? memory[i].Nid : -1));
        }
        return result;
    }
}

/// <summary>The names early allocations carry in <see cref="BootResult.EarlyAllocations"/>.</summary>
public static class BootAllocationNames
{
    public const string KernelImage = "kernel image";
    public const string FirstPages = "first 64 KiB (BIOS data)";
    public const string BiosRegion = "BIOS/EBDA area below 1 MiB";
    public const string Initrd = "initrd";
    public const string Brk = "kernel brk area (early page tables)";
    public const string Trampoline = "real-mode trampoline";
    public const string LowMemory = "first 1 MiB";
    public const string PageTables = "page tables (direct map)";
    public static string AcpiTable(string signature) => $"ACPI table {signature}";
    public static string NodeData(int nid) => $"NODE_DATA({nid})";
    public const string NumaDistance = "numa_distance table (from the SLIT)";
    public const string MemSectionRoots = "mem_section root array";
    public static string SectionRoot(int nid) => $"mem_section roots for node {nid}";
    public static string Usemap(int nid) => $"usemap for node {nid}";
    public static string Memmap(int nid) => $"memmap for node {nid}";
    public static string VmemmapPageTable(int nid) => $"vmemmap page tables for node {nid}";
    public static string Percpu(int nid) => $"per-cpu areas for node {nid}";
}
