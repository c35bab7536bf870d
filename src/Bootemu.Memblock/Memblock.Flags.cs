namespace Bootemu.Memblock;

// Region attributes: flags and node ids (memblock_setclr_flag, memblock_set_node).
public sealed partial class Memblock
{
    /// <summary>memblock_mark_hotplug: the SRAT says the range is hot-(un)pluggable.</summary>
    public int MarkHotplug(ulong @base, ulong size) => SetClearFlag(@base, size, true, MemblockFlags.Hotplug);

    /// <summary>memblock_clear_hotplug (NUMA init for the kernel's own nodes; memblock_free_all for everything).</summary>
    public int ClearHotplug(ulong @base, ulong size) => SetClearFlag(@base, size, false, MemblockFlags.Hotplug);

    /// <summary>
    /// memblock_mark_mirror: does nothing unless kernelcore=mirror was given; then it notes that the
    /// system has some mirror (even if the range hits no memory) and flags the range.
    /// </summary>
    public int MarkMirror(ulong @base, ulong size)
    {
        if (!MirroredKernelcore) return 0;
        HasSomeMirror = true;
        return SetClearFlag(@base, size, true, MemblockFlags.Mirror);
    }

    /// <summary>memblock_mark_nomap: keep the range out of the direct map and out of every allocation.</summary>
    public int MarkNomap(ulong @base, ulong size) => SetClearFlag(@base, size, true, MemblockFlags.Nomap);

    /// <summary>memblock_clear_nomap.</summary>
    public int ClearNomap(ulong @base, ulong size) => SetClearFlag(@base, size, false, MemblockFlags.Nomap);

    /// <summary>
    /// memblock_setclr_flag: isolate the range in memory, set or clear the flag on the regions inside,
    /// merge. A range that hits no memory is a silent no-op.
    /// </summary>
    public int SetClearFlag(ulong @base, ulong size, bool set, MemblockFlags flag) =>
        ChangeRange(Memory, @base, size, r => r with { Flags = set ? r.Flags | flag : r.Flags & ~flag });

    /// <summary>memblock_set_node: isolate the range in the given type, give the regions inside the node, merge.</summary>
    public int SetNode(ulong @base, ulong size, MemblockTypeKind type, int nid) =>
        ChangeRange(TypeOf(type), @base, size, r => r with { Nid = nid });
}
