using Bootemu.Core.Printk;

namespace Bootemu.Memblock;

// memblock_dump_all: the "MEMBLOCK configuration:" block of a memblock=debug boot.
public sealed partial class Memblock
{
    /// <summary>memblock_dump_all: prints <see cref="DumpLines"/> at KERN_INFO, only when memblock=debug is on.</summary>
    public void DumpAll()
    {
        if (!Debug) return;
        foreach (var line in DumpLines()) Log.Info(line);
    }

    /// <summary>
    /// __memblock_dump_all's lines, byte for byte: sizes as %pa, counts as %lx, one line per entry
    /// (placeholder included) with a TAB after the index, " on node N" unless the nid is
    /// MAX_NUMNODES, and the flags as %#x.
    /// </summary>
    public IEnumerable<string> DumpLines()
    {
        yield return "MEMBLOCK configuration:";
        yield return $" memory size = {Printk.Pa(Memory.TotalSize)} reserved size = {Printk.Pa(Reserved.TotalSize)}";
        foreach (var line in DumpType(Memory)) yield return line;
        foreach (var line in DumpType(Reserved)) yield return line;
    }

    /// <summary>memblock_dump: one type's count line and region lines.</summary>
    public static IEnumerable<string> DumpType(MemblockType type)
    {
        yield return $" {type.Name}.cnt  = 0x{type.Count:x}";
        var entries = type.Entries;
        for (int i = 0; i < entries.Count; i++)
        {
            var r = entries[i];
            string node = r.Nid != MaxNumNodes ? $" on node {r.Nid}" : "";
            yield return $" {type.Name}[{Printk.AltHex((ulong)i)}]\t[{Printk.Pa(r.Base)}-{Printk.Pa(r.Base + r.Size - 1)}], {Printk.Pa(r.Size)} bytes{node} flags: {Printk.AltHex((ulong)r.Flags)}";
        }
    }
}
