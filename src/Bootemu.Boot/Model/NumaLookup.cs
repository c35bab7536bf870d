namespace Bootemu.Boot.Model;

/// <summary>
/// The questions memory hotplug asks numa_meminfo after boot (arch/x86/mm/numa.c): which node
/// new memory at an address belongs to when its ACPI device names none.
/// </summary>
public static class NumaLookup
{
    /// <summary>
    /// memory_add_physaddr_to_nid: the node of the numa_meminfo range holding <paramref name="start"/>, else the
    /// node of numa_meminfo's first range. numa_reserved_meminfo is not searched, so hot-added memory in a SRAT
    /// hotplug window without _PXM lands on the first range's node. An empty list reads the zeroed first entry: 0.
    /// </summary>
    public static int MemoryAddPhysaddrToNid(IReadOnlyList<NumaMemblk> meminfo, ulong start)
    {
        int nid = meminfo.Count == 0 ? 0 : meminfo[0].Nid;
        foreach (var block in meminfo)
        {
            if (block.Start <= start && block.End > start)
                nid = block.Nid;
        }
        return nid;
    }
}
