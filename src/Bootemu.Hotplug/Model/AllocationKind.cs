namespace Bootemu.Hotplug.Model;

/// <summary>
/// What a runtime page is used for, as far as offlining cares. The kind decides which zones the page
/// allocator may serve it from (the gfp zone) and whether page isolation and migration can move it.
/// </summary>
public enum AllocationKind
{
    /// <summary>GFP_KERNEL memory (slab, page tables, kernel stacks): never in ZONE_MOVABLE, never migratable.</summary>
    Unmovable,

    /// <summary>GFP_HIGHUSER_MOVABLE user pages on the LRU: any zone, migratable.</summary>
    Movable,

    /// <summary>2 MiB hugetlb pages: any zone (x86_64 supports hugepage migration), migrated as whole huge pages.</summary>
    Hugetlb,

    /// <summary>
    /// Long-term pinned user pages (FOLL_LONGTERM): moved out of ZONE_MOVABLE when pinned, so they sit in kernel
    /// zones; they are LRU pages (isolation passes) but migration can never succeed while the pin is held.
    /// </summary>
    Pinned,

    /// <summary>The struct page array (vmemmap) of hot-added memory, allocated from kernel memory: unmovable.</summary>
    Memmap,
}

internal static class AllocationKinds
{
    /// <summary>The script's spelling of a workload kind.</summary>
    public static string Name(this AllocationKind kind) => kind switch
    {
        AllocationKind.Unmovable => "unmovable",
        AllocationKind.Movable => "movable",
        AllocationKind.Hugetlb => "hugetlb",
        AllocationKind.Pinned => "pinned",
        _ => "memmap",
    };

    /// <summary>The kinds a script may allocate (the memmap is hot-add's own), in the order the script's errors list them.</summary>
    public static readonly IReadOnlyList<AllocationKind> ScriptKinds =
        [AllocationKind.Unmovable, AllocationKind.Movable, AllocationKind.Hugetlb, AllocationKind.Pinned];

    /// <summary>The script kind spelt <paramref name="name"/>, or null.</summary>
    public static AllocationKind? FromName(string name)
    {
        foreach (var kind in ScriptKinds)
            if (kind.Name() == name) return kind;
        return null;
    }

    /// <summary>
    /// gfp_zone() of the kind's allocation mask: the highest zone the zonelist walk may use.
    /// GFP_KERNEL stops at Normal; only __GFP_MOVABLE together with __GFP_HIGHMEM reaches ZONE_MOVABLE.
    /// </summary>
    public static ZoneType HighestZone(this AllocationKind kind) => kind switch
    {
        AllocationKind.Movable or AllocationKind.Hugetlb => ZoneType.Movable,
        _ => ZoneType.Normal,
    };
}
