using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core.Text;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Diff;

/// <summary>Compares two finished boots (<see cref="BootSide"/>) into a <see cref="BootDiff"/>.</summary>
public static class BootDiffer
{
    public static BootDiff Compare(BootSide a, BootSide b) => new(
        Label(a.Boot),
        Label(b.Boot),
        Changes(BootFields(a), BootFields(b)),
        Nodes(a.Boot, b.Boot),
        Zones(a.Boot, b.Boot),
        MovableStarts(a.Boot, b.Boot),
        ReadinessChanges(a.Readiness ?? [], b.Readiness ?? []),
        AllocationMoves.Between(a.Boot.EarlyAllocations, b.Boot.EarlyAllocations),
        BlockRanges.Between(a.Blocks, b.Blocks),
        DiffHunk.Of(LineDiff.Edits(a.Dmesg, b.Dmesg)));

    private static BootLabel Label(BootResult boot) => new(boot.Kernel.Version, boot.Kernel.Build, boot.Options.CommandLine);

    /// <summary>The facts of the boot as a whole: where RAM ends, which zone Movable is carved from, the memory block size, a panic.</summary>
    private static IEnumerable<(string, DiffValue?)> BootFields(BootSide side)
    {
        yield return ("max_pfn", DiffValue.Hex(side.Boot.MaxPfn.Value));
        yield return ("movable_zone", DiffValue.Word(side.Boot.MovableZone.ToString()));
        yield return ("memory_block_size", side.Blocks is { } m ? DiffValue.Hex(m.BlockSize) : null);
        yield return ("kernel_panics", side.Boot.KernelPanics is { } panic ? DiffValue.Word(panic) : null);
    }

    private static IEnumerable<(string, DiffValue?)> NodeFields(NodeLayout? n)
    {
        yield return ("online", n is null ? null : DiffValue.Flag(n.Online));
        yield return ("start_pfn", n is null ? null : DiffValue.Hex(n.StartPfn.Value));
        yield return ("end_pfn", n is null ? null : DiffValue.Hex(n.EndPfn.Value));
        yield return ("spanned_pages", n is null ? null : DiffValue.Of(n.SpannedPages));
        yield return ("present_pages", n is null ? null : DiffValue.Of(n.PresentPages));
    }

    /// <summary>A zone's numbers; an empty zone (or one of a node the boot lacks) has no start.</summary>
    private static IEnumerable<(string, DiffValue?)> ZoneFields(ZoneLayout? z)
    {
        yield return ("start_pfn", z is { SpannedPages: > 0 } ? DiffValue.Hex(z.StartPfn.Value) : null);
        yield return ("spanned", DiffValue.Of(z?.SpannedPages ?? 0));
        yield return ("present", DiffValue.Of(z?.PresentPages ?? 0));
        yield return ("managed", DiffValue.Of(z?.ManagedPages ?? 0));
    }

    /// <summary>The fields, in order, whose values differ between the two sides' lists of the same fields.</summary>
    private static ImmutableArray<FieldChange> Changes(IEnumerable<(string Field, DiffValue? Value)> a, IEnumerable<(string Field, DiffValue? Value)> b) =>
        a.Zip(b, (x, y) => new FieldChange(x.Field, x.Value, y.Value)).Where(c => c.A != c.B).ToImmutableArray();

    private static IEnumerable<int> Nids(BootResult a, BootResult b) => a.Nodes.Select(n => n.Nid).Union(b.Nodes.Select(n => n.Nid)).Order();

    private static NodeLayout? Node(BootResult boot, int nid) => boot.Nodes.FirstOrDefault(n => n.Nid == nid);

    private static ImmutableArray<NodeChange> Nodes(BootResult a, BootResult b) =>
        Nids(a, b).Select(nid => (Nid: nid, A: Node(a, nid), B: Node(b, nid)))
            .Select(n => new NodeChange(n.Nid, n.A is not null, n.B is not null, Changes(NodeFields(n.A), NodeFields(n.B))))
            .Where(c => !c.Fields.IsEmpty)
            .ToImmutableArray();

    private static ImmutableArray<ZoneChange> Zones(BootResult a, BootResult b) =>
        (from nid in Nids(a, b)
         from zone in Enum.GetValues<ZoneType>()
         let za = Node(a, nid)?.Zones.FirstOrDefault(z => z.Zone == zone)
         let zb = Node(b, nid)?.Zones.FirstOrDefault(z => z.Zone == zone)
         where za is not null || zb is not null
         let fields = Changes(ZoneFields(za), ZoneFields(zb))
         where !fields.IsEmpty
         select new ZoneChange(nid, zone, fields)).ToImmutableArray();

    private static ImmutableArray<MovableStartChange> MovableStarts(BootResult a, BootResult b) =>
        Nids(a, b).Select(nid => new MovableStartChange(nid, Node(a, nid)?.MovableStartPfn?.Value, Node(b, nid)?.MovableStartPfn?.Value))
            .Where(c => c.APfn != c.BPfn)
            .ToImmutableArray();

    private static ImmutableArray<ReadinessChange> ReadinessChanges(IReadOnlyList<NodeReadiness> a, IReadOnlyList<NodeReadiness> b)
    {
        var changes = ImmutableArray.CreateBuilder<ReadinessChange>();
        foreach (int nid in a.Select(r => r.Nid).Union(b.Select(r => r.Nid)).Order())
        {
            var ra = a.FirstOrDefault(r => r.Nid == nid);
            var rb = b.FirstOrDefault(r => r.Nid == nid);
            var reasonsA = ra?.Blockers.Select(x => x.Text).ToList() ?? [];
            var reasonsB = rb?.Blockers.Select(x => x.Text).ToList() ?? [];
            var onlyA = reasonsA.Except(reasonsB).ToImmutableArray();
            var onlyB = reasonsB.Except(reasonsA).ToImmutableArray();
            if (ra?.Removable != rb?.Removable || !onlyA.IsEmpty || !onlyB.IsEmpty)
                changes.Add(new ReadinessChange(nid, ra, rb, onlyA, onlyB));
        }
        return changes.ToImmutable();
    }
}
