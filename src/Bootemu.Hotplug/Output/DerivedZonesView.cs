using System.Text;
using System.Text.Json;
using Bootemu.Boot.Zones;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Derived;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// The derived zones of bootemu's derived-zones experiment in each output format, every part headed or marked as not
/// Linux behaviour, and printed only by a run that used the experiment, so other runs' output is unchanged. None of it
/// is shaped like a kernel line or a /proc/zoneinfo zone header.
/// </summary>
public static class DerivedZonesView
{
    /// <summary>Whether the run used the experiment (a step of it ran, or a derived zone is left).</summary>
    public static bool Used(ScriptRun run) =>
        !run.Final.DerivedZones.IsEmpty || run.Steps.Any(s => s.Step.Experiment == Experiments.DerivedZones);

    /// <summary>The note bootemu prints on standard error for such a run.</summary>
    public static string Note =>
        "bootemu: note: derived zones are a bootemu experiment, not Linux behaviour (an unmerged 2007 proposal to merge " +
        "zones and nodes): no kernel does or prints any of it";

    /// <summary>The text report's section: each derived zone's accounting, then each base zone's.</summary>
    public static string Text(ScriptRun run)
    {
        if (!Used(run)) return "";
        var m = run.Final;
        var text = new StringBuilder($"derived zones ({Experiments.DerivedZonesLabel}):\n");
        if (m.DerivedZones.IsEmpty) text.Append("  none\n");
        foreach (var z in m.DerivedZones)
        {
            text.Append($"  {z.Name}: node {z.Nid} from {ZoneNames.Of(z.Base)}, [mem {Printk.AltHex(z.Start.Address, 10)}-{Printk.AltHex(z.End.Address - 1, 10)}] ");
            text.Append($"in memory blocks {ZoneDerivation.MemoryBlocks(m, z)}, {z.MaxOrderBlocks.Length} MAX_ORDER blocks: ");
            text.Append($"spanned {z.Spanned}, present {z.Present}, managed {z.Managed}, free {z.Free} pages");
            if (z.UsedPages != 0) text.Append($" (in use: {ZoneDerivation.Kinds(z)})");
            text.Append('\n');
        }
        foreach (var b in BaseZoneAccounting.WithDerivedZones(m))
            text.Append($"  base zone node {b.Nid} {ZoneNames.Of(b.Zone)}: managed {b.Managed}, free {b.Free} pages ({b.MovedToDerivedZones} moved to derived zones)\n");
        return text.ToString();
    }

    /// <summary>The block table's note for a block holding derived-zone pages, or null.</summary>
    public static string? BlockNote(HotplugMachine m, MemoryBlock block) =>
        block.DerivedPages == 0 ? null
            : string.Join("; ", m.DerivedZones.Select(z => (z.Name, Pages: z.PagesIn(block.StartPfn, block.EndPfn))).Where(h => h.Pages != 0)
                .Select(h => $"derived zone {h.Name} {h.Pages} pages ({Experiments.Tag})"));

    /// <summary>The zoneinfo format's part: one block per derived zone and a line per base zone, none with a kernel header.</summary>
    public static string Zoneinfo(ScriptRun run)
    {
        if (!Used(run)) return "";
        var m = run.Final;
        var text = new StringBuilder($"\nDerived zones ({Experiments.DerivedZonesLabel}; /proc/zoneinfo has no such blocks):\n");
        foreach (var z in m.DerivedZones)
        {
            text.Append($"Derived zone {z.Name} ({Experiments.Tag}): node {z.Nid}, base zone {ZoneNames.Of(z.Base)}\n");
            text.Append($"        spanned  {z.Spanned}\n");
            text.Append($"        present  {z.Present}\n");
            text.Append($"        managed  {z.Managed}\n");
            text.Append($"        free     {z.Free}\n");
            text.Append($"  start_pfn:           {z.Start.Value}\n");
        }
        foreach (var b in BaseZoneAccounting.WithDerivedZones(m))
            text.Append($"Base zone {ZoneNames.Of(b.Zone)} of node {b.Nid} ({Experiments.Tag}): managed {b.Managed}, free {b.Free} ({b.MovedToDerivedZones} pages moved to derived zones)\n");
        return text.ToString();
    }

    /// <summary>The JSON report's "derived_zones_experiment" member, written only when the run used the experiment.</summary>
    public static void WriteJson(Utf8JsonWriter w, ScriptRun run)
    {
        if (!Used(run)) return;
        var m = run.Final;
        w.WriteStartObject("derived_zones_experiment");
        w.WriteString("not_linux", Experiments.DerivedZonesLabel);
        w.WriteNumber("max_order_block_pages", m.Kernel.MaxOrderBlockPages);
        w.WriteStartArray("zones");
        foreach (var z in m.DerivedZones)
        {
            w.WriteStartObject();
            w.WriteString("name", z.Name);
            w.WriteNumber("node", z.Nid);
            w.WriteString("base", ZoneNames.Of(z.Base));
            w.WriteNumber("start_pfn", z.Start.Value);
            w.WriteNumber("end_pfn", z.End.Value);
            w.WriteNumber("spanned", z.Spanned);
            w.WriteNumber("present", z.Present);
            w.WriteNumber("managed", z.Managed);
            w.WriteNumber("free", z.Free);
            w.WriteStartObject("used");
            foreach (var (kind, pages) in z.Used.OrderBy(u => u.Key)) w.WriteNumber(kind.Name(), pages);
            w.WriteEndObject();
            w.WriteNumber("max_order_blocks", z.MaxOrderBlocks.Length);
            w.WriteStartArray("memory_blocks");
            foreach (var b in m.Blocks.Values.Where(b => z.PagesIn(b.StartPfn, b.EndPfn) != 0))
            {
                w.WriteStartObject();
                w.WriteNumber("id", b.Id);
                w.WriteNumber("pages", z.PagesIn(b.StartPfn, b.EndPfn));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("base_zones");
        foreach (var b in BaseZoneAccounting.WithDerivedZones(m))
        {
            w.WriteStartObject();
            w.WriteNumber("node", b.Nid);
            w.WriteString("zone", ZoneNames.Of(b.Zone));
            w.WriteNumber("managed", b.Managed);
            w.WriteNumber("free", b.Free);
            w.WriteNumber("moved_to_derived_zones", b.MovedToDerivedZones);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
