using System.Globalization;
using System.Text;
using Bootemu.Boot.Model;

namespace Bootemu.Boot.Output;

/// <summary>
/// What `numactl -H` (numactl 2.0.x's hardware()) prints on the booted machine, byte for byte. numactl lists the nodes
/// that have a directory in /sys/devices/system/node (the online nodes); per node the CPUs of its cpumap one by one,
/// and MemTotal and MemFree of its meminfo in MB (kB × 1024, shifted right by 20, so truncated); then node_distance
/// between every two of them, each number as printf's "% 3d " (a sign space, width 3, a space after).
/// </summary>
/// <remarks>
/// A node's MemTotal is the sum of its zones' managed pages; bootemu takes MemFree as the same figure: the pages the
/// buddy allocator holds once boot is over, that is present memory less every boot allocation that stays reserved,
/// before anything has run. A live machine shows less free, by what the kernel and programs have allocated since.
/// </remarks>
public static class NumactlHardware
{
    public static string Render(BootResult boot)
    {
        var nodes = boot.Nodes.Where(n => n.Online).OrderBy(n => n.Nid).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"available: {nodes.Count} nodes ({NodeMasks.ListText(nodes.Select(n => n.Nid))})\n");
        foreach (var node in nodes)
        {
            ulong megabytes = Megabytes(node);
            sb.Append(CultureInfo.InvariantCulture, $"node {node.Nid} cpus:");
            foreach (int cpu in node.CpuListOrCpus.Order()) sb.Append(' ').Append(cpu.ToString(CultureInfo.InvariantCulture));
            sb.Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"node {node.Nid} size: {megabytes} MB\n");
            sb.Append(CultureInfo.InvariantCulture, $"node {node.Nid} free: {megabytes} MB\n");
        }
        sb.Append("node distances:\n");
        sb.Append("node ");
        foreach (var to in nodes) sb.Append(Cell(to.Nid));
        sb.Append('\n');
        foreach (var from in nodes)
        {
            sb.Append(Cell(from.Nid)[..^1]).Append(": ");
            foreach (var to in nodes) sb.Append(Cell(boot.Distances[from.Nid][to.Nid]));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>MemTotal of the node's meminfo (its managed pages, in kB) as numactl prints it: bytes shifted right by 20.</summary>
    public static ulong Megabytes(NodeLayout node) => (ulong)node.Zones.Sum(z => (decimal)z.ManagedPages) * 4096 >> 20;

    /// <summary>printf("% 3d "): a space where a sign would go, padded to three characters, then a space.</summary>
    private static string Cell(int value) => (value < 0 ? value.ToString(CultureInfo.InvariantCulture) : " " + value.ToString(CultureInfo.InvariantCulture)).PadLeft(3) + " ";
}
