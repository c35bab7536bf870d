using System.Text.Json;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Text;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// `bootemu diff --format json`: the <see cref="BootDiff"/> as one JSON document (docs/schemas/boot-diff.schema.json).
/// Addresses and pfns are "0x…" strings and page counts numbers, as in `boot --format json`; a side that has no such
/// thing is null. Every list holds only differences; "same" is true when all are empty.
/// </summary>
public static class BootDiffJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it.</summary>
    public const int SchemaVersion = 1;

    public static string Render(BootDiff diff) => IndentedJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        Label(w, "a", diff.A);
        Label(w, "b", diff.B);
        w.WriteBoolean("same", diff.Same);
        w.WriteStartArray("boot");
        foreach (var c in diff.Boot) Field(w, c);
        w.WriteEndArray();
        Array(w, "nodes", diff.Nodes, n =>
        {
            w.WriteNumber("nid", n.Nid);
            w.WriteBoolean("in_a", n.InA);
            w.WriteBoolean("in_b", n.InB);
            Fields(w, n.Fields);
        });
        Array(w, "zones", diff.Zones, z =>
        {
            w.WriteNumber("nid", z.Nid);
            w.WriteString("zone", z.Zone.ToString());
            Fields(w, z.Fields);
        });
        Array(w, "movable_start", diff.MovableStarts, m =>
        {
            w.WriteNumber("nid", m.Nid);
            Hex(w, "a_pfn", m.APfn);
            Hex(w, "b_pfn", m.BPfn);
        });
        Array(w, "readiness", diff.Readiness, r =>
        {
            w.WriteNumber("nid", r.Nid);
            Verdict(w, "a", r.A);
            Verdict(w, "b", r.B);
            w.WriteStringArray("reasons_only_in_a", r.OnlyInA);
            w.WriteStringArray("reasons_only_in_b", r.OnlyInB);
        });
        Array(w, "early_allocations", diff.Allocations, c =>
        {
            w.WriteString("kind", c.Kind.ToString());
            w.WriteString("what", c.What);
            w.WriteNumber("occurrence", c.Occurrence);
            Allocation(w, "a", c.A);
            Allocation(w, "b", c.B);
        });
        Array(w, "memory_blocks", diff.Blocks, b =>
        {
            w.WriteString("start", $"0x{b.Start:x}");
            w.WriteString("end", $"0x{b.End:x}");
            Block(w, "a", b.A);
            Block(w, "b", b.B);
        });
        Array(w, "dmesg", diff.Dmesg, h =>
        {
            w.WriteString("header", h.Header);
            w.WriteStartArray("lines");
            foreach (var line in h.Lines)
                w.WriteStringValue((line.Kind switch { LineEditKind.Removed => "-", LineEditKind.Added => "+", _ => " " }) + line.Text);
            w.WriteEndArray();
        });
        w.WriteEndObject();
    });

    private static void Label(Utf8JsonWriter w, string name, BootLabel label)
    {
        w.WriteStartObject(name);
        w.WriteString("kernel", label.Kernel);
        w.WriteString("build", label.Build);
        w.WriteString("cmdline", label.CommandLine);
        w.WriteEndObject();
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<T> members)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            members(item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Fields(Utf8JsonWriter w, IEnumerable<FieldChange> fields)
    {
        w.WriteStartArray("fields");
        foreach (var f in fields) Field(w, f);
        w.WriteEndArray();
    }

    private static void Field(Utf8JsonWriter w, FieldChange f)
    {
        w.WriteStartObject();
        w.WriteString("field", f.Field);
        Value(w, "a", f.A);
        Value(w, "b", f.B);
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, string name, DiffValue? value)
    {
        if (value is not { } v) w.WriteNull(name);
        else if (v.Count is { } n) w.WriteNumber(name, n);
        else w.WriteString(name, v.Text);
    }

    private static void Hex(Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is { } v) w.WriteString(name, $"0x{v:x}"); else w.WriteNull(name);
    }

    private static void Verdict(Utf8JsonWriter w, string name, NodeReadiness? r)
    {
        if (r is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteBoolean("removable", r.Removable);
        w.WriteStringArray("reasons", r.Blockers.Select(b => b.Text));
        w.WriteEndObject();
    }

    private static void Allocation(Utf8JsonWriter w, string name, EarlyAllocation? a)
    {
        if (a is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteString("base", $"0x{a.Base:x}");
        w.WriteString("size", $"0x{a.Size:x}");
        w.WriteNumber("nid", a.Nid);
        w.WriteEndObject();
    }

    private static void Block(Utf8JsonWriter w, string name, BlockView? b)
    {
        if (b is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteString("state", b.State);
        w.WriteString("zones", b.Zones);
        w.WriteString("nodes", b.Nodes);
        w.WriteEndObject();
    }
}
