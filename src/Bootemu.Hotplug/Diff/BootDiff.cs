using System.Collections.Immutable;
using System.Globalization;
using Bootemu.Boot.Model;
using Bootemu.Core.Text;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// What differs between two boots (A and B) in what the kernel decided: the boot as a whole, nodes, zones per node,
/// where ZONE_MOVABLE starts, hot-remove verdicts, early allocations that moved, the memory block devices, and dmesg.
/// Every list holds only differences, so two boots are the same when all are empty; the inputs (kernel, command line)
/// are named in <see cref="A"/> and <see cref="B"/> but are not differences themselves.
/// </summary>
public sealed record BootDiff(
    BootLabel A,
    BootLabel B,
    ImmutableArray<FieldChange> Boot,
    ImmutableArray<NodeChange> Nodes,
    ImmutableArray<ZoneChange> Zones,
    ImmutableArray<MovableStartChange> MovableStarts,
    ImmutableArray<ReadinessChange> Readiness,
    ImmutableArray<AllocationChange> Allocations,
    ImmutableArray<BlockRangeChange> Blocks,
    ImmutableArray<DiffHunk> Dmesg)
{
    public bool Same => Boot.IsEmpty && Nodes.IsEmpty && Zones.IsEmpty && MovableStarts.IsEmpty && Readiness.IsEmpty
        && Allocations.IsEmpty && Blocks.IsEmpty && Dmesg.IsEmpty;
}

/// <summary>Which boot a side is: the kernel it emulated and the command line it booted with.</summary>
public sealed record BootLabel(string Kernel, string Build, string CommandLine);

/// <summary>
/// A value as the diff shows it: its text, and the number when it is a count (JSON writes counts as numbers and
/// everything else, addresses and pfns included, as strings, as `boot --format json` does).
/// </summary>
public readonly record struct DiffValue(string Text, ulong? Count = null)
{
    public static DiffValue Of(ulong count) => new(count.ToString(CultureInfo.InvariantCulture), count);
    public static DiffValue Hex(ulong value) => new($"0x{value:x}");
    public static DiffValue Word(string word) => new(word);
    public static DiffValue Flag(bool value) => new(value ? "yes" : "no");
    public override string ToString() => Text;
}

/// <summary>One field whose value differs; a side's value is null when the side has no such thing (a node it lacks).</summary>
public sealed record FieldChange(string Field, DiffValue? A, DiffValue? B);

/// <summary>A node that one boot lacks, or whose span or page counts differ (possible nodes, ascending nid).</summary>
public sealed record NodeChange(int Nid, bool InA, bool InB, ImmutableArray<FieldChange> Fields);

/// <summary>A zone of a node whose start, span or page counts differ; an empty zone has no start.</summary>
public sealed record ZoneChange(int Nid, ZoneType Zone, ImmutableArray<FieldChange> Fields);

/// <summary>A node where ZONE_MOVABLE starts elsewhere, or on one side only (zone_movable_pfn; null: no Movable zone).</summary>
public sealed record MovableStartChange(int Nid, ulong? APfn, ulong? BPfn);

/// <summary>
/// A node whose hot-remove verdict or reasons differ; a side's verdict is null when that boot does not assess the node
/// (no hot-pluggable memory present at boot). The reasons each side gives that the other does not are listed.
/// </summary>
public sealed record ReadinessChange(int Nid, NodeReadiness? A, NodeReadiness? B, ImmutableArray<string> OnlyInA, ImmutableArray<string> OnlyInB);

/// <summary>
/// An early allocation that moved, changed size or exists on one side only. Allocations are matched by kind and name,
/// the n-th of a name on one side with the n-th on the other (<see cref="Occurrence"/>, from 1).
/// </summary>
public sealed record AllocationChange(EarlyAllocationKind Kind, string What, int Occurrence, EarlyAllocation? A, EarlyAllocation? B);

/// <summary>
/// A physical range [Start, End) over which the memory block devices differ, consecutive blocks with the same pair of
/// views merged as lsmem merges rows; a side's view is null where it has no block.
/// </summary>
public sealed record BlockRangeChange(ulong Start, ulong End, BlockView? A, BlockView? B);

/// <summary>A memory block as lsmem and sysfs show it: state, valid_zones, and the nodes it links to.</summary>
public sealed record BlockView(string State, string Zones, string Nodes)
{
    public override string ToString() => $"{State} {Zones} node {Nodes}";
}
