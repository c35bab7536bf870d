using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Memblock;

namespace Bootemu.Boot.PageAlloc;

/// <summary>Gives every zone of the online nodes its managed pages and the watermarks the initcalls set.</summary>
internal static class PageAllocatorCounts
{
    public static IReadOnlyList<NodeLayout> Attach(IReadOnlyList<NodeLayout> nodes, MemPfnRanges memory,
        IReadOnlyList<MemblockRegion> reserved, IReadOnlyList<EarlyAllocation> allocations, bool initrdFreed, KernelModel kernel)
    {
        var managed = ManagedPages.Count(nodes, memory, reserved, allocations, initrdFreed, kernel);
        ZoneManaged Of(int nid, ZoneType zone) => managed.TryGetValue((nid, zone), out var m) ? m : default;

        var online = nodes.Where(n => n.Online).ToList();
        var zones = online.SelectMany(n => n.Zones.Select(z =>
            new WatermarkZone(n.Nid, z.Zone, z.PresentPages, Of(n.Nid, z.Zone).AtInitcalls, n.CpuListOrCpus.Count))).ToList();
        // The initcalls run once smp_init has brought every CPU up.
        int onlineCpus = nodes.SelectMany(n => n.Cpus).Distinct().Count();
        var marks = Watermarks.Compute(zones, kernel, onlineCpus);
        var byZone = zones.Zip(marks).ToDictionary(p => (p.First.Nid, p.First.Zone), p => p.Second);

        return nodes.Select(n => !n.Online ? n : n with
        {
            Zones = n.Zones.Select(z => z with { ManagedPages = Of(n.Nid, z.Zone).AfterBoot, Watermarks = byZone[(n.Nid, z.Zone)] }).ToList(),
        }).ToList();
    }
}
