namespace Bootemu.Hotplug.Model;

/// <summary>
/// A static memory group (memory_group_register_static): one ACPI memory device. The auto-movable policy
/// onlines a whole group either to the kernel zone or to ZONE_MOVABLE, so it tracks what is already online.
/// </summary>
public sealed record MemoryGroup(int Id, ulong MaxPages, ulong PresentKernelPages, ulong PresentMovablePages);

/// <summary>
/// One successful hot-add: the iomem "System RAM" resource and the blocks of kernel memory its memmap took
/// (none with memmap_on_memory, where the memmap lives in the range itself and goes with it).
/// </summary>
public sealed record HotAddedRange(ulong Base, ulong Size, System.Collections.Immutable.ImmutableArray<(long Block, ulong Pages)> MemmapIn)
{
    public ulong End => Base + Size;
}

/// <summary>An iomem resource at top level: an e820 range by its iomem name, or hot-added System RAM.</summary>
public readonly record struct IomemRange(ulong Start, ulong End, string Name)
{
    public bool IsSystemRam => Name == "System RAM";
}
