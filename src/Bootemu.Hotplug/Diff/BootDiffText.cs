using System.Text;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Core.Text;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// `bootemu diff` as text: the two boots, then one section per kind of difference that has any ("A -> B" for each
/// changed value, "-" where a side has none), ending with dmesg as a unified diff (valid input to patch), or
/// "no differences".
/// </summary>
public static class BootDiffText
{
    private const string None = "-";

    public static string Render(BootDiff diff)
    {
        var sb = new StringBuilder();
        sb.Append($"A: {Label(diff.A)}\n");
        sb.Append($"B: {Label(diff.B)}\n");
        if (diff.Same) return sb.Append("\nno differences\n").ToString();

        Section(sb, "Boot", diff.Boot, c => $"{c.Field}: {Value(c.A)} -> {Value(c.B)}");
        Section(sb, "Nodes", diff.Nodes, Node);
        Section(sb, "Zones", diff.Zones, z => $"node {z.Nid} {z.Zone}: {Fields(z.Fields)}");
        Section(sb, "Movable zone start", diff.MovableStarts, m => $"node {m.Nid}: {Pfn(m.APfn)} -> {Pfn(m.BPfn)}");
        Section(sb, "Hot-remove readiness", diff.Readiness, Readiness);
        Section(sb, "Early allocations", diff.Allocations, Allocation);
        Section(sb, "Memory blocks", diff.Blocks, b =>
            $"{Printk.Mem18(b.Start, b.End - 1)} {SizeText.Human(b.End - b.Start)}: {b.A?.ToString() ?? "no block"} -> {b.B?.ToString() ?? "no block"}");
        if (!diff.Dmesg.IsEmpty)
        {
            sb.Append("\nDmesg\n--- A\n+++ B\n");
            foreach (var hunk in diff.Dmesg) AppendHunk(sb, hunk);
        }
        return sb.ToString();
    }

    private static string Label(BootLabel label) =>
        $"Linux {label.Kernel} ({label.Build}), command line {(label.CommandLine.Length == 0 ? "(empty)" : InputText.Quote(label.CommandLine))}";

    private static void Section<T>(StringBuilder sb, string title, IReadOnlyCollection<T> items, Func<T, string> line)
    {
        if (items.Count == 0) return;
        sb.Append('\n').Append(title).Append('\n');
        foreach (var item in items) sb.Append("  ").Append(line(item)).Append('\n');
    }

    private static string Value(DiffValue? value) => value?.Text ?? None;

    private static string Fields(IEnumerable<FieldChange> fields) => string.Join(", ", fields.Select(f => $"{f.Field} {Value(f.A)} -> {Value(f.B)}"));

    private static string Node(NodeChange n) => (n.InA, n.InB) switch
    {
        (true, false) => $"node {n.Nid}: only in A ({string.Join(", ", n.Fields.Select(f => $"{f.Field} {Value(f.A)}"))})",
        (false, true) => $"node {n.Nid}: only in B ({string.Join(", ", n.Fields.Select(f => $"{f.Field} {Value(f.B)}"))})",
        _ => $"node {n.Nid}: {Fields(n.Fields)}",
    };

    private static string Pfn(ulong? pfn) => pfn is { } p ? $"pfn {Printk.AltHex(p)}" : "none";

    private static string Verdict(NodeReadiness? r) => r is null ? "not assessed" : r.Removable ? "removable" : "not removable";

    private static string Readiness(ReadinessChange r)
    {
        var sb = new StringBuilder($"node {r.Nid}: {Verdict(r.A)} -> {Verdict(r.B)}");
        foreach (var reason in r.OnlyInA) sb.Append("\n    - ").Append(reason);
        foreach (var reason in r.OnlyInB) sb.Append("\n    + ").Append(reason);
        return sb.ToString();
    }

    private static string Where(EarlyAllocation? a) =>
        a is null ? "not made" : $"{Printk.Pa(a.Base)} {a.Size} bytes node {a.Nid}";

    private static string Allocation(AllocationChange c) =>
        $"{c.What}{(c.Occurrence > 1 ? $" #{c.Occurrence}" : "")}: {Where(c.A)} -> {Where(c.B)}";

    private static void AppendHunk(StringBuilder sb, DiffHunk hunk)
    {
        sb.Append(hunk.Header).Append('\n');
        foreach (var line in hunk.Lines)
            sb.Append(line.Kind switch { LineEditKind.Removed => '-', LineEditKind.Added => '+', _ => ' ' }).Append(line.Text).Append('\n');
    }
}
