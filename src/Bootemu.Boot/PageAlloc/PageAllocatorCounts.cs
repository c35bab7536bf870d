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

        // The zones of the online nodes, node by node, as the watermark code walks them.
        var zones = new List<WatermarkZone>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (!n.Online) continue;
            for (int j = 0; j < n.Zones.Count; j++)
                zones.Add(new WatermarkZone(n.Nid, n.Zones[j].Zone, n.Zones[j].PresentPages, managed[i][j].AtInitcalls, n.CpuListOrCpus.Count));
        }
        // The initcalls run once smp_init has brought every CPU up.
        var onlineCpus = new HashSet<int>();
        foreach (var n in nodes) onlineCpus.UnionWith(n.Cpus);
        var marks = Watermarks.Compute(zones, kernel, onlineCpus.Count);

        var result = new NodeLayout[nodes.Count];
        int mark = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (!n.Online) { result[i] = n; continue; }
            var attached = new ZoneLayout[n.Zones.Count];
            for (int j = 0; j < attached.Length; j++)
                attached[j] = n.Zones[j] with { ManagedPages = managed[i][j].AfterBoot, Watermarks = marks[mark++] };
            result[i] = n with { Zones = attached };
        }
        return result;
    }
}
