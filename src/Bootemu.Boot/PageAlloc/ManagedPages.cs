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
    /// <param name="initrdFreed">whether free_initrd_mem gives the initrd's pages back (no retain_initrd).</param>
    public static IReadOnlyDictionary<(int Nid, ZoneType Zone), ZoneManaged> Count(IReadOnlyList<NodeLayout> nodes,
        MemPfnRanges memory, IReadOnlyList<MemblockRegion> reserved, IReadOnlyList<EarlyAllocation> allocations,
        bool initrdFreed, KernelModel kernel)
    {
        var touched = PfnRanges.Union(reserved.Select(r => PfnRanges.Touched(r.Base, r.End)));
        var freeAtInit = new Dictionary<(int, ZoneType), ulong>();
        var freeAfter = new Dictionary<(int, ZoneType), ulong>();
        foreach (var node in nodes)
        {
            foreach (var zone in node.Zones.Where(z => z.IsPopulated))
            {
                ulong free = 0;
                foreach (var range in memory.OfNode(node.Nid))
                {
                    var (start, end) = PfnRanges.Clip((range.Start, range.End), zone.StartPfn, zone.EndPfn);
                    if (start < end) free += (end - start) - PfnRanges.Covered(touched, start, end);
                }
                freeAtInit[(node.Nid, zone.Zone)] = free;
                freeAfter[(node.Nid, zone.Zone)] = free;
            }
        }

        if (allocations.FirstOrDefault(a => a.Kind == EarlyAllocationKind.KernelImage) is { } image && ZoneOf(nodes, image.Base) is { } imageZone)
        {
            ulong early = kernel.ImageFrees.BeforeInitcallsKiB >> (Pfn.PageShift - 10);
            freeAtInit[imageZone] += early;
            freeAfter[imageZone] += early + (kernel.ImageFrees.AtInitEndKiB >> (Pfn.PageShift - 10));
        }
        if (initrdFreed && allocations.FirstOrDefault(a => a.Kind == EarlyAllocationKind.Initrd) is { } initrd)
        {
            var (start, end) = PfnRanges.Inside(initrd.Base, initrd.End);
            foreach (var node in nodes)
                foreach (var zone in node.Zones.Where(z => z.IsPopulated))
                {
                    var (s, e) = PfnRanges.Clip((start, end), zone.StartPfn, zone.EndPfn);
                    if (s < e) freeAfter[(node.Nid, zone.Zone)] += memory.NodePagesIn(node.Nid, s, e);
                }
        }
        return freeAtInit.ToDictionary(kv => kv.Key, kv => new ZoneManaged(kv.Value, freeAfter[kv.Key]));
    }

    /// <summary>The populated zone whose node owns the page at <paramref name="address"/>, or null.</summary>
    private static (int, ZoneType)? ZoneOf(IReadOnlyList<NodeLayout> nodes, ulong address)
    {
        var pfn = Pfn.Down(address);
        foreach (var node in nodes)
            foreach (var zone in node.Zones.Where(z => z.IsPopulated && z.StartPfn <= pfn && pfn < z.EndPfn))
                return (node.Nid, zone.Zone);
        return null;
    }
}
