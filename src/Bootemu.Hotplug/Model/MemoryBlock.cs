using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Hotplug.Model;

/// <summary>PageReserved pages inside a block, with the name of what put them there.</summary>
public sealed record ReservedPages(string What, ulong Pages);

/// <summary>
/// The part of a block that belongs to one zone of one node while the block is online. A boot block can
/// hold several (block 0 is DMA and DMA32); an onlined block holds exactly one. Zone spans shrink by
/// looking for the remaining segments of the zone (find_smallest_section_pfn / find_biggest_section_pfn).
/// </summary>
public readonly record struct ZoneSegment(int Nid, ZoneType Zone, Pfn Start, Pfn End);

/// <summary>
/// struct memory_block: one /sys/devices/system/memory/memory&lt;Id&gt; device, <see cref="Pages"/> pages long,
/// plus the page accounting bootemu needs to decide whether it can be offlined.
/// </summary>
public sealed record MemoryBlock
{
    /// <summary>The block id: first section number / sections per block.</summary>
    public required long Id { get; init; }
    public required Pfn StartPfn { get; init; }
    public required ulong Pages { get; init; }
    public required BlockState State { get; init; }

    /// <summary>mem->nid: the last node the block was linked to (the only node, unless it spans nodes).</summary>
    public required int Nid { get; init; }

    /// <summary>Every node the block has a nodeN link to, ascending.</summary>
    public required ImmutableArray<int> Nodes { get; init; }

    /// <summary>mem->zone: the single zone of an online block, null when it spans zones or nodes, or while offline.</summary>
    public ZoneType? Zone { get; init; }

    /// <summary>Boot memory (early sections): counts in present_early_pages.</summary>
    public bool Early { get; init; }

    /// <summary>The static memory group (one per hot-added ACPI memory device), or null for boot memory.</summary>
    public int? Group { get; init; }

    /// <summary>With memory_hotplug.memmap_on_memory: the block's own struct pages live in its first pages.</summary>
    public ulong VmemmapPages { get; init; }

    /// <summary>Pages that are "System RAM" in iomem; fewer than <see cref="Pages"/> means the block has holes.</summary>
    public required ulong SystemRamPages { get; init; }

    /// <summary>PageReserved content (memblock reservations that survived boot).</summary>
    public ImmutableArray<ReservedPages> Reserved { get; init; } = ImmutableArray<ReservedPages>.Empty;

    /// <summary>
    /// The boot's early allocations that hold PageReserved pages of the block, in address order: every one, where
    /// <see cref="Reserved"/> names a page shared by two sub-page allocations only once.
    /// </summary>
    public ImmutableArray<EarlyAllocation> ReservedBy { get; init; } = ImmutableArray<EarlyAllocation>.Empty;

    /// <summary>The kernel's own slab pages that stay in the block (placed by <see cref="NodeSlab"/>).</summary>
    public ImmutableArray<SlabPages> Slab { get; init; } = ImmutableArray<SlabPages>.Empty;

    /// <summary>Runtime pages in use, by kind.</summary>
    public ImmutableDictionary<AllocationKind, ulong> Used { get; init; } = ImmutableDictionary<AllocationKind, ulong>.Empty;

    /// <summary>
    /// Pages of the block moved into derived zones (bootemu's derived-zones experiment, not Linux): whole free MAX_ORDER
    /// blocks taken out of the block's zone, so the zone's page allocator no longer sees them. Zero unless a script opted in.
    /// </summary>
    public ulong DerivedPages { get; init; }

    /// <summary>Which zone each part of the block belongs to while it is online (empty while offline).</summary>
    public ImmutableArray<ZoneSegment> Segments { get; init; } = ImmutableArray<ZoneSegment>.Empty;

    public Pfn EndPfn => StartPfn + Pages;
    public ulong Base => StartPfn.Address;
    public ulong Size => Pages << Pfn.PageShift;
    public bool HasHoles => SystemRamPages != Pages;
    public ulong ReservedPageCount => Reserved.Aggregate(0UL, (sum, r) => sum + r.Pages);
    public ulong UsedPages(AllocationKind kind) => !Used.IsEmpty && Used.TryGetValue(kind, out ulong n) ? n : 0;
    public ulong UsedPageCount => Used.IsEmpty ? 0 : Used.Values.Aggregate(0UL, (sum, n) => sum + n);
    public ulong SlabPageCount => Slab.Aggregate(0UL, (sum, s) => sum + s.Pages);

    /// <summary>Pages the buddy allocator holds free in this block (none while offline).</summary>
    public ulong FreePages
    {
        get
        {
            if (State != BlockState.Online) return 0;
            ulong taken = ReservedPageCount + VmemmapPages + UsedPageCount + SlabPageCount + DerivedPages;
            return SystemRamPages > taken ? SystemRamPages - taken : 0;
        }
    }

    public bool Overlaps(ulong start, ulong end) => Base < end && start < Base + Size;

    public MemoryBlock WithUsed(AllocationKind kind, long delta)
    {
        ulong now = (ulong)((long)UsedPages(kind) + delta);
        return this with { Used = now == 0 ? Used.Remove(kind) : Used.SetItem(kind, now) };
    }
}
