using Bootemu.Boot.Model;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Output;

/// <summary>One entry of a /sys tree: a file and its text, or a symbolic link and its target; the path is under /sys.</summary>
public sealed record SysfsEntry(string Path, string? Text, string? LinkTarget)
{
    public static SysfsEntry File(string path, string text) => new(path, text, null);

    public static SysfsEntry Link(string path, string target) => new(path, null, target);
}

/// <summary>
/// The memory-block and node files of /sys as the emulated kernel shows them (drivers/base/memory.c and node.c), one
/// entry per file and link, each file's text ending in a newline as the kernel's: devices/system/memory/block_size_bytes
/// and auto_online_blocks; memoryN/{state,online,phys_index,phys_device,removable,valid_zones} and a nodeK link per
/// node; devices/system/node/{possible,online,has_normal_memory,has_memory,has_cpu}, and nodeK/memoryN links for every
/// online node. Only the files bootemu models: a real block also has uevent, power/ and subsystem, a real node its CPUs
/// and meminfo.
/// </summary>
public static class SysfsTree
{
    private const string Memory = "devices/system/memory";
    private const string Node = "devices/system/node";

    public static IEnumerable<SysfsEntry> Entries(HotplugMachine m)
    {
        yield return SysfsEntry.File($"{Memory}/block_size_bytes", SysfsView.BlockSizeBytes(m) + "\n");
        yield return SysfsEntry.File($"{Memory}/auto_online_blocks", m.AutoOnlineType.ToWord() + "\n");
        var blocks = SysfsView.Blocks(m).ToList();
        foreach (var b in blocks)
        {
            string dir = $"{Memory}/memory{b.Id}";
            yield return SysfsEntry.File($"{dir}/state", b.State + "\n");
            yield return SysfsEntry.File($"{dir}/online", (b.State == "online" ? "1" : "0") + "\n");
            yield return SysfsEntry.File($"{dir}/phys_index", b.PhysIndex + "\n");
            // x86 has no arch_get_memory_phys_device of its own: every block is device 0.
            yield return SysfsEntry.File($"{dir}/phys_device", "0\n");
            yield return SysfsEntry.File($"{dir}/removable", b.Removable + "\n");
            yield return SysfsEntry.File($"{dir}/valid_zones", string.Join(" ", b.ValidZones) + "\n");
            foreach (int nid in b.Nodes)
                yield return SysfsEntry.Link($"{dir}/node{nid}", $"../../node/node{nid}");
        }
        foreach (var (file, nodes) in NodeMasksView.Of(m).Files())
            yield return SysfsEntry.File($"{Node}/{file}", NodeMasks.ListText(nodes) + "\n");
        var blocksOf = blocks.SelectMany(b => b.Nodes.Select(nid => (nid, b.Id))).ToLookup(p => p.nid, p => p.Id);
        foreach (int nid in m.OnlineNodes)
            foreach (long id in blocksOf[nid])
                yield return SysfsEntry.Link($"{Node}/node{nid}/memory{id}", $"../../memory/memory{id}");
    }
}
