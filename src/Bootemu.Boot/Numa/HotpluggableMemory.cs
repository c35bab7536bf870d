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
    /// <summary>The enabled SRAT memory entries with the Hot-pluggable flag, as the kernel's nodes see them.</summary>
    public static IReadOnlyList<HotpluggableRange> Ranges(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa, IReadOnlyList<MemblockRegion> memory)
    {
        var result = new List<HotpluggableRange>();
        foreach (var m in sratMemory)
        {
            if (!m.Enabled || !m.HotPluggable || m.Length == 0 || m.Wraps) continue;
            int nid = numa.UsedDummy ? 0 : numa.PxmToNode((int)m.KernelDomain(numa.SratRevision));
            if (nid < 0) continue;
            ulong end = m.BaseAddress + m.Length;
            bool present = false, kept = false;
            // memory is sorted: start at the first region ending after the range's base.
            for (int i = MemblockType.FirstEndingAbove(memory, m.BaseAddress); i < memory.Count && memory[i].Base < end; i++)
            {
                present = true;
                kept |= (memory[i].Flags & MemblockFlags.Hotplug) != 0;
            }
            result.Add(new HotpluggableRange(m.BaseAddress, m.Length, nid, present, kept));
        }
        return result;
    }

    /// <summary>numa_reserved_meminfo's ranges, each hot-pluggable when an enabled hot-pluggable SRAT entry overlaps it.</summary>
    public static IReadOnlyList<HotplugCapacityRange> Capacity(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa) =>
        numa.ReservedMeminfo.Select(b => new HotplugCapacityRange(b.Start, b.Size, b.Nid, IsHotpluggable(sratMemory, numa, b.Start, b.End))).ToArray();

    private static bool IsHotpluggable(IReadOnlyList<MemoryAffinity> sratMemory, NumaResult numa, ulong start, ulong end) =>
        !numa.UsedDummy && sratMemory.Any(m => m.Enabled && m.HotPluggable && m.BaseAddress < end && m.BaseAddress + m.Length > start);
}
