using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Memblock;

namespace Bootemu.Boot.PageAlloc;

/// <summary>A zone's managed pages when the initcalls set the watermarks, and once boot is over.</summary>
public readonly record struct ZoneManaged(ulong AtInitcalls, ulong AfterBoot);

/// <summary>
/// zone->managed_pages after boot. memblock_free_all (and deferred struct page init, which ends before the initcalls)
/// frees every present page of the node that no memblock reservation touches, so a zone manages its present pages less
/// the whole pages reserved at that time. Later the kernel frees parts of its own image (SMP alternatives early in
/// start_kernel; the unused decrypted bss, the init sections and section gaps when init ends) and, after the initramfs
/// is unpacked, the initrd (unless retain_initrd).
/// </summary>
internal static class ManagedPages
{
    /// <summary>Each node's zones' managed pages, entry [i][j] for <c>nodes[i].Zones[j]</c> (0 for an unpopulated zone).</summary>
    /// <param name="initrdFreed">whether free_initrd_mem gives the initrd's pages back (no retain_initrd).</param>
    public static ZoneManaged[][] Count(IReadOnlyList<NodeLayout> nodes,
        MemPfnRanges memory, IReadOnlyList<MemblockRegion> reserved, IReadOnlyList<EarlyAllocation> allocations,
        bool initrdFreed, KernelModel kernel)
    {
        var touched = new List<(Pfn Start, Pfn End)>(reserved.Count);
        foreach (var r in reserved) touched.Add(PfnRanges.Touched(r.Base, r.End));
        var merged = PfnRanges.Union(touched).ToArray();
        var managed = new ZoneManaged[nodes.Count][];
        for (int i = 0; i < nodes.Count; i++)
        {
            var zones = nodes[i].Zones;
            managed[i] = new ZoneManaged[zones.Count];
            for (int j = 0; j < zones.Count; j++)
            {
                var zone = zones[j];
                if (!zone.IsPopulated) continue;
                ulong free = 0;
                foreach (var range in memory.OfNode(nodes[i].Nid))
                {
                    var (start, end) = PfnRanges.Clip((range.Start, range.End), zone.StartPfn, zone.EndPfn);
                    if (start < end) free += (end - start) - PfnRanges.CoveredSorted(merged, start, end);
                }
                managed[i][j] = new ZoneManaged(free, free);
            }
        }

        if (Allocation(allocations, EarlyAllocationKind.KernelImage) is { } image && ZoneOf(nodes, image.Base) is var (n, z))
        {
            ulong early = kernel.ImageFrees.BeforeInitcallsKiB >> (Pfn.PageShift - 10);
            ulong atInitEnd = kernel.ImageFrees.AtInitEndKiB >> (Pfn.PageShift - 10);
            var m = managed[n][z];
            managed[n][z] = new ZoneManaged(m.AtInitcalls + early, m.AfterBoot + early + atInitEnd);
        }
        if (initrdFreed && Allocation(allocations, EarlyAllocationKind.Initrd) is { } initrd)
        {
            var (start, end) = PfnRanges.Inside(initrd.Base, initrd.End);
            for (int i = 0; i < nodes.Count; i++)
                for (int j = 0; j < nodes[i].Zones.Count; j++)
                {
                    var zone = nodes[i].Zones[j];
                    if (!zone.IsPopulated) continue;
                    var (s, e) = PfnRanges.Clip((start, end), zone.StartPfn, zone.EndPfn);
                    if (s < e) managed[i][j] = managed[i][j] with { AfterBoot = managed[i][j].AfterBoot + memory.NodePagesIn(nodes[i].Nid, s, e) };
                }
        }
        return managed;
    }

    private static EarlyAllocation? Allocation(IReadOnlyList<EarlyAllocation> allocations, EarlyAllocationKind kind)
    {
        foreach (var a in allocations)
            if (a.Kind == kind) return a;
        return null;
    }

    /// <summary>The populated zone (node index, zone index) whose node owns the page at <paramref name="address"/>, or null.</summary>
    private static (int Node, int Zone)? ZoneOf(IReadOnlyList<NodeLayout> nodes, ulong address)
    {
        var pfn = Pfn.Down(address);
        for (int i = 0; i < nodes.Count; i++)
            for (int j = 0; j < nodes[i].Zones.Count; j++)
            {
                var zone = nodes[i].Zones[j];
                if (zone.IsPopulated && zone.StartPfn <= pfn && pfn < zone.EndPfn) return (i, j);
            }
        return null;
    }
}
