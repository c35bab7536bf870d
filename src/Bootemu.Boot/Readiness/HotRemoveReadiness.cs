using Bootemu.Core;
using Bootemu.Boot.Model;

namespace Bootemu.Boot.Readiness;

/// <summary>One reason a node's memory cannot be hot-removed after this boot.</summary>
internal sealed record RemovalBlocker(string Text);

/// <summary>The verdict for one node that firmware declared (at least partly) hot-pluggable.</summary>
internal sealed record NodeReadiness(int Nid, bool Removable, IReadOnlyList<RemovalBlocker> Blockers);

/// <summary>
/// Whether each hot-pluggable node could be hot-removed after this boot, and if not, why, by the
/// rules offline_pages applies (mm/memory_hotplug.c): every block must sit in ZONE_MOVABLE (kernel
/// zones hold unmovable kernel allocations), and no page may be PageReserved, which every boot-time
/// memblock allocation left on the node is (kernel image, NODE_DATA, memmap, page tables, ...).
/// </summary>
internal static class HotRemoveReadiness
{
    public static IReadOnlyList<NodeReadiness> Assess(BootResult boot)
    {
        var verdicts = new List<NodeReadiness>();
        foreach (int nid in boot.Hotpluggable.Where(r => r.PresentAtBoot).Select(r => r.Nid).Distinct().Order())
        {
            var node = boot.Nodes.FirstOrDefault(n => n.Nid == nid);
            var blockers = new List<RemovalBlocker>();
            if (node is not null)
            {
                foreach (var zone in node.Zones)
                {
                    if (zone.Zone == ZoneType.Movable || zone.PresentPages == 0) continue;
                    blockers.Add(new RemovalBlocker(
                        $"{SizeText.Human(zone.PresentPages << Pfn.PageShift)} of it is in kernel zone {zone.Zone} " +
                        $"(pfn {Bootemu.Core.Printk.Printk.AltHex(zone.StartPfn.Value)}-{Bootemu.Core.Printk.Printk.AltHex(zone.EndPfn.Value - 1)}), " +
                        "where unmovable kernel allocations cannot be migrated away"));
                }
            }
            if (boot.EarlyAllocations.Any(a => a.Nid == nid && a.Kind == EarlyAllocationKind.KernelImage))
                blockers.Add(new RemovalBlocker("the kernel image is on it"));
            foreach (var a in boot.EarlyAllocations.Where(a => a.Nid == nid && a.Kind != EarlyAllocationKind.KernelImage))
                blockers.Add(new RemovalBlocker(
                    $"early allocation \"{a.What}\" of {a.Size} bytes sits at {Bootemu.Core.Printk.Printk.Pa(a.Base)} on it (PageReserved for good)"));
            if (boot.NumaFallback is { } why)
                blockers.Add(new RemovalBlocker(
                    $"the kernel did not use the SRAT ({why}): it fell back to one fake node, so no range kept MEMBLOCK_HOTPLUG"));
            else if (boot.Hotpluggable.Any(r => r.Nid == nid && r.PresentAtBoot && !r.FlagKept))
                blockers.Add(new RemovalBlocker(
                    "the kernel cleared its MEMBLOCK_HOTPLUG marks at boot because it holds boot reservations (numa_clear_kernel_node_hotplug)"));
            verdicts.Add(new NodeReadiness(nid, blockers.Count == 0, blockers));
        }
        return verdicts;
    }
}
