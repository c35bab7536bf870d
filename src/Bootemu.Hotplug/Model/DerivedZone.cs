using System.Collections.Immutable;
using Bootemu.Core;

namespace Bootemu.Hotplug.Model;

/// <summary>
/// A derived zone of bootemu's derived-zones experiment, NOT a Linux behaviour: after an unmerged 2007 proposal to
/// merge zones and nodes, a zone carved out of one node's base zone from whole free MAX_ORDER blocks, allocated from
/// only by name and never by the base zone's allocations. Every page was free when it moved, so managed equals present.
/// </summary>
public sealed record DerivedZone
{
    /// <summary>The script's name for it (never a real zone's name).</summary>
    public required string Name { get; init; }

    public required int Nid { get; init; }

    /// <summary>The zone its memory came from and goes back to.</summary>
    public required ZoneType Base { get; init; }

    /// <summary>Pages in one MAX_ORDER block of the machine's kernel (<c>KernelModel.MaxOrderBlockPages</c>).</summary>
    public required ulong BlockPages { get; init; }

    /// <summary>The first pfn of each of its MAX_ORDER blocks, ascending.</summary>
    public required ImmutableArray<Pfn> MaxOrderBlocks { get; init; }

    /// <summary>Pages allocated from it, by kind.</summary>
    public ImmutableDictionary<AllocationKind, ulong> Used { get; init; } = ImmutableDictionary<AllocationKind, ulong>.Empty;

    public Pfn Start => MaxOrderBlocks[0];
    public Pfn End => MaxOrderBlocks[^1] + BlockPages;
    public ulong Spanned => End - Start;
    public ulong Present => (ulong)MaxOrderBlocks.Length * BlockPages;
    public ulong Managed => Present;
    public ulong UsedPages => Used.Values.Aggregate(0UL, (sum, n) => sum + n);
    public ulong Free => Managed - UsedPages;

    /// <summary>Its pages inside the memory block [start, end).</summary>
    public ulong PagesIn(Pfn start, Pfn end) => (ulong)MaxOrderBlocks.Count(p => p >= start && p < end) * BlockPages;

    public DerivedZone WithUsed(AllocationKind kind, ulong pages) =>
        this with { Used = Used.SetItem(kind, (Used.TryGetValue(kind, out ulong now) ? now : 0) + pages) };
}
