using Bootemu.Acpi.Srat;
using Bootemu.Boot.Model;
using Bootemu.Memblock;

namespace Bootemu.Boot.Numa;

/// <summary>
/// What memory hotplug needs to know after boot about the SRAT's memory entries: the ranges flagged hot-pluggable, on
/// the node the kernel gave them, and the hot-add capacity (numa_reserved_meminfo) with whether it is hot-pluggable.
/// </summary>
internal static class HotpluggableMemory
{
    /// <summary>
    /// The enabled SRAT memory entries with the Hot-pluggable flag, as the kernel's nodes see them: under numa=fake= an
    /// entry is cut into the parts each fake node holds (its PXM names one fake node at most).
    /// </summary>
    public static IReadOnlyList<HotpluggableRange> Ranges(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa, IReadOnlyList<MemblockRegion> memory)
    {
        var result = new List<HotpluggableRange>();
        foreach (var m in sratMemory)
        {
            if (!m.Enabled || !m.HotPluggable || m.Length == 0 || m.Wraps) continue;
            ulong end = m.BaseAddress + m.Length;
            var fakeParts = numa.Emulated
                ? numa.Meminfo.Where(b => b.Start < end && b.End > m.BaseAddress).OrderBy(b => b.Start).ToList()
                : new List<NumaMemblk>();
            foreach (var b in fakeParts)
                result.Add(Range(Math.Max(b.Start, m.BaseAddress), Math.Min(b.End, end), b.Nid, memory));
            if (fakeParts.Count > 0) continue;
            int nid = numa.UsedDummy ? 0 : numa.PxmToNode((int)m.KernelDomain(numa.SratRevision));
            if (nid >= 0)
                result.Add(Range(m.BaseAddress, end, nid, memory));
        }
        return result;
    }

    /// <summary>[start, end) on node <paramref name="nid"/>, with whether memblock memory holds any of it and kept MEMBLOCK_HOTPLUG there.</summary>
    private static HotpluggableRange Range(ulong start, ulong end, int nid, IReadOnlyList<MemblockRegion> memory)
    {
        bool present = false, kept = false;
        // memory is sorted: start at the first region ending after the range's base.
        for (int i = MemblockType.FirstEndingAbove(memory, start); i < memory.Count && memory[i].Base < end; i++)
        {
            present = true;
            kept |= (memory[i].Flags & MemblockFlags.Hotplug) != 0;
        }
        return new HotpluggableRange(start, end - start, nid, present, kept);
    }

    /// <summary>numa_reserved_meminfo's ranges, each hot-pluggable when an enabled hot-pluggable SRAT entry overlaps it.</summary>
    public static IReadOnlyList<HotplugCapacityRange> Capacity(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa) =>
        numa.ReservedMeminfo.Select(b => new HotplugCapacityRange(b.Start, b.Size, b.Nid, IsHotpluggable(sratMemory, numa, b.Start, b.End))).ToArray();

    private static bool IsHotpluggable(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa, ulong start, ulong end) =>
        !numa.UsedDummy && sratMemory.Any(m => m.Enabled && m.HotPluggable && m.BaseAddress < end && m.BaseAddress + m.Length > start);
}
