using Bootemu.Core;
using System.Text;
using Bootemu.Boot.Model;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Output;

/// <summary>
/// `bootemu boot --format text` (the default): the boot's result for a person: per node a table of
/// its zones (pfn and address ranges; spanned, present and managed memory as sizes), its CPUs as a list of ranges,
/// its hot-pluggable ranges, and a hot-remove readiness verdict for every node firmware declared hot-pluggable, with
/// each reason (the caller's verdicts: the hotplug layer decides them), after the node masks and the nodes as
/// `numactl -H` shows them. Every size is written by <see cref="ReportSize"/>.
/// </summary>
public static class BootTextReport
{
    /// <param name="readiness">the hot-remove verdicts of the hot-pluggable nodes, which the hotplug layer decides; null
    /// when the kernel panics during boot, so that memory hotplug never runs.</param>
    public static string Render(BootResult boot, IReadOnlyList<NodeReadiness>? readiness)
    {
        var sb = new StringBuilder();
        sb.Append($"Kernel: Linux {boot.Kernel.Version} ({boot.Kernel.Build})\n");
        sb.Append("Kernel command line: ").Append(boot.Options.CommandLine.Length == 0 ? "(empty)" : boot.Options.CommandLine).Append('\n');
        sb.Append($"max_pfn {Printk.AltHex(boot.MaxPfn.Value)} (RAM ends at {Printk.AltHex(boot.MaxPfn.Address)}, {ReportSize.Of(boot.MaxPfn.Address)})");
        sb.Append($"; ZONE_MOVABLE is carved from {boot.MovableZone}\n");
        if (boot.KernelPanics is { } panic)
            sb.Append($"\nThe real kernel could not boot this machine: {panic}. The layout below is what it had decided by then.\n");

        foreach (var node in boot.Nodes)
        {
            sb.Append('\n');
            if (node.SpannedPages == 0)
            {
                sb.Append($"Node {node.Nid}: memoryless{(node.Online ? "" : " (offline)")}\n");
            }
            else
            {
                sb.Append($"Node {node.Nid}: {Printk.Mem18(node.StartPfn.Address, node.EndPfn.Address - 1)}, " +
                          $"{ReportSize.OfPages(node.PresentPages)} present of {ReportSize.OfPages(node.SpannedPages)} spanned");
                if (node.MovableStartPfn is { } ms) sb.Append($", ZONE_MOVABLE from {Printk.AltHex(ms.Address)}");
                sb.Append('\n');
                sb.Append("  zone      start pfn    end pfn      address range                                  spanned      present      managed\n");
                foreach (var z in node.Zones.Where(z => z.SpannedPages != 0))
                {
                    string range = Printk.Mem18(z.StartPfn.Address, z.EndPfn.Address - 1);
                    sb.Append($"  {z.Zone,-8}  {Printk.AltHex(z.StartPfn.Value),-11}  {Printk.AltHex(z.EndPfn.Value),-11}  {range}  " +
                              $"{ReportSize.OfPages(z.SpannedPages),-11}  {ReportSize.OfPages(z.PresentPages),-11}" +
                              (node.Online ? $"  {ReportSize.OfPages(z.ManagedPages)}" : "") + "\n");
                }
            }
            if (node.Cpus.Count > 0) sb.Append($"  cpus: {NodeMasks.ListText(node.Cpus)}\n");
            if (node.CpuList is { } cpuList) sb.Append($"  cpulist (numa=fake=: the CPUs of its physical node): {NodeMasks.ListText(cpuList)}\n");
            var initiators = boot.GenericInitiators.Where(g => g.Nid == node.Nid).Select(g => g.Device).ToList();
            if (initiators.Count > 0) sb.Append($"  generic initiators: {string.Join(", ", initiators)}\n");
            var hot = boot.Hotpluggable.Where(h => h.Nid == node.Nid).ToList();
            if (hot.Count == 0) sb.Append("  hot-pluggable: no\n");
            foreach (var h in hot)
            {
                string state = !h.PresentAtBoot ? "no RAM at boot (hot-add capacity)"
                    : h.FlagKept ? "MEMBLOCK_HOTPLUG kept" : "MEMBLOCK_HOTPLUG cleared by the kernel";
                sb.Append($"  hot-pluggable: {Printk.Mem18(h.Base, h.End - 1)} {ReportSize.Of(h.Size)}, {state}\n");
            }
        }

        sb.Append("\nNode masks (/sys/devices/system/node)\n");
        foreach (var line in NodeMasks.Of(boot).Render().Split('\n', StringSplitOptions.RemoveEmptyEntries)) sb.Append("  ").Append(line).Append('\n');

        sb.Append("\nNUMA nodes as numactl -H shows them (free: what the page allocator holds right after boot; a live machine shows less)\n");
        foreach (var line in NumactlHardware.Render(boot).Split('\n', StringSplitOptions.RemoveEmptyEntries)) sb.Append("  ").Append(line).Append('\n');

        sb.Append("\nHot-remove readiness\n");
        if (readiness is null) sb.Append("  not assessed: the kernel does not finish booting, so memory hotplug never runs\n");
        else if (readiness.Count == 0) sb.Append("  no node has hot-pluggable memory present at boot\n");
        foreach (var v in readiness ?? [])
        {
            if (v.Removable)
            {
                sb.Append($"  Node {v.Nid}: removable (all of it is ZONE_MOVABLE and no boot allocation sits on it)\n");
                continue;
            }
            sb.Append($"  Node {v.Nid}: NOT removable\n");
            foreach (var line in RemovalBlockerLines.Of(v.Blockers)) sb.Append("    - ").Append(line).Append('\n');
        }
        return sb.ToString();
    }
}
