using System.Text.Json;
using Bootemu.Core;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Printk;
using Bootemu.Memblock;

namespace Bootemu.Boot.Output;

/// <summary>
/// `bootemu boot --format json`: the whole <see cref="BootResult"/> as JSON, written by hand with
/// Utf8JsonWriter (NativeAOT: no reflection). Addresses are "0x…" strings (64-bit values do not
/// survive JSON numbers in every reader); page counts are numbers. The README documents each key.
/// </summary>
public static class BootJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it (docs/schemas/boot.schema.json).</summary>
    public const int SchemaVersion = 1;

    /// <param name="readiness">the hot-remove verdicts of the hot-pluggable nodes, which the hotplug layer decides; null
    /// (written as null) when the kernel panics during boot, so that memory hotplug never runs.</param>
    /// <param name="extra">more members the caller adds at the end of the object (the hotplug layer's view of devices).</param>
    /// <summary>A zone's "min", "low", "high", "promo" (on kernels whose zoneinfo prints it) and "protection" members.</summary>
    public static void WriteWatermarks(Utf8JsonWriter w, ZoneWatermarks marks, KernelModel kernel)
    {
        w.WriteNumber("min", marks.Min);
        w.WriteNumber("low", marks.Low);
        w.WriteNumber("high", marks.High);
        if (kernel.ZoneinfoPrintsPromo) w.WriteNumber("promo", marks.Promo);
        w.WriteStartArray("protection");
        foreach (var p in marks.Protection) w.WriteNumberValue(p);
        w.WriteEndArray();
    }

    public static string Render(BootResult boot, IReadOnlyList<NodeReadiness>? readiness, Action<System.Text.Json.Utf8JsonWriter>? extra = null)
    {
        return IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartObject("kernel");
            w.WriteString("version", boot.Kernel.Version);
            w.WriteString("build", boot.Kernel.Build);
            w.WriteEndObject();
            w.WriteString("cmdline", boot.Options.CommandLine);
            w.WriteString("max_pfn", Hex(boot.MaxPfn.Value));
            w.WriteString("movable_zone", boot.MovableZone.ToString());
            if (boot.KernelPanics is { } panic) w.WriteString("kernel_panics", panic);
            else w.WriteNull("kernel_panics");

            w.WriteStartArray("e820");
            foreach (var e in boot.E820)
            {
                w.WriteStartObject();
                w.WriteString("start", Hex(e.Addr));
                w.WriteString("end", Hex(e.End));
                w.WriteString("type", Bootemu.Machine.E820.E820TypeNames.KernelName(e.Type));
                w.WriteEndObject();
            }
            w.WriteEndArray();

            WriteRegions(w, "memblock_memory", boot.Memory);
            WriteRegions(w, "memblock_reserved", boot.Reserved);

            w.WriteStartArray("zone_ranges");
            foreach (var (zone, start, end) in boot.ZoneRanges)
            {
                w.WriteStartObject();
                w.WriteString("zone", zone.ToString());
                w.WriteString("start_pfn", Hex(start.Value));
                w.WriteString("end_pfn", Hex(end.Value));
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("nodes");
            foreach (var n in boot.Nodes)
            {
                w.WriteStartObject();
                w.WriteNumber("nid", n.Nid);
                w.WriteBoolean("online", n.Online);
                w.WriteString("start_pfn", Hex(n.StartPfn.Value));
                w.WriteString("end_pfn", Hex(n.EndPfn.Value));
                if (n.MovableStartPfn is { } m) w.WriteString("movable_start_pfn", Hex(m.Value));
                else w.WriteNull("movable_start_pfn");
                w.WriteNumber("spanned_pages", n.SpannedPages);
                w.WriteNumber("present_pages", n.PresentPages);
                w.WriteStartArray("cpus");
                foreach (var c in n.Cpus) w.WriteNumberValue(c);
                w.WriteEndArray();
                if (n.CpuList is { } cpuList)
                {
                    // Only under numa=fake=, where a node lists the CPUs of its whole physical node.
                    w.WriteStartArray("cpulist");
                    foreach (var c in cpuList) w.WriteNumberValue(c);
                    w.WriteEndArray();
                }
                w.WriteStartArray("zones");
                foreach (var z in n.Zones)
                {
                    w.WriteStartObject();
                    w.WriteString("zone", z.Zone.ToString());
                    w.WriteString("start_pfn", Hex(z.StartPfn.Value));
                    w.WriteNumber("spanned", z.SpannedPages);
                    w.WriteNumber("present", z.PresentPages);
                    if (n.Online)
                    {
                        w.WriteNumber("managed", z.ManagedPages);
                        w.WriteNumber("free", z.ManagedPages);
                        WriteWatermarks(w, z.Watermarks, boot.Kernel);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            NodeMasks.Of(boot).WriteJson(w, "node_masks");

            w.WriteStartArray("early_allocations");
            foreach (var a in boot.EarlyAllocations)
            {
                w.WriteStartObject();
                w.WriteString("what", a.What);
                w.WriteString("base", Hex(a.Base));
                w.WriteNumber("size", a.Size);
                w.WriteNumber("requested_nid", a.RequestedNid);
                w.WriteNumber("nid", a.Nid);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("hotpluggable");
            foreach (var h in boot.Hotpluggable)
            {
                w.WriteStartObject();
                w.WriteString("start", Hex(h.Base));
                w.WriteString("end", Hex(h.End));
                w.WriteNumber("nid", h.Nid);
                w.WriteBoolean("present_at_boot", h.PresentAtBoot);
                w.WriteBoolean("hotplug_flag_kept", h.FlagKept);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("hotplug_capacity");
            foreach (var (b, size, nid, hp) in boot.HotplugCapacity.Select(c => (c.Base, c.Size, c.Nid, c.Hotpluggable)))
            {
                w.WriteStartObject();
                w.WriteString("start", Hex(b));
                w.WriteString("end", Hex(b + size));
                w.WriteNumber("nid", nid);
                w.WriteBoolean("hotplug", hp);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (readiness is null) w.WriteNull("hot_remove_readiness");
            else WriteReadiness(w, readiness);

            w.WriteStartArray("distances");
            foreach (var row in boot.Distances)
            {
                w.WriteStartArray();
                foreach (var d in row) w.WriteNumberValue(d);
                w.WriteEndArray();
            }
            w.WriteEndArray();

            w.WriteStartArray("log");
            foreach (var line in boot.Log) w.WriteStringValue(line.Text);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in boot.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            extra?.Invoke(w);
            w.WriteEndObject();
        });
    }

    private static void WriteReadiness(Utf8JsonWriter w, IReadOnlyList<NodeReadiness> readiness)
    {
        w.WriteStartArray("hot_remove_readiness");
        foreach (var v in readiness)
        {
            w.WriteStartObject();
            w.WriteNumber("nid", v.Nid);
            w.WriteBoolean("removable", v.Removable);
            w.WriteStartArray("blockers");
            foreach (var b in v.Blockers) w.WriteStringValue(b.Text);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteRegions(Utf8JsonWriter w, string name, IReadOnlyList<MemblockRegion> regions)
    {
        w.WriteStartArray(name);
        foreach (var r in regions)
        {
            w.WriteStartObject();
            w.WriteString("base", Hex(r.Base));
            w.WriteString("end", Hex(r.End));
            w.WriteNumber("nid", r.Nid);
            w.WriteString("flags", Printk.AltHex((ulong)r.Flags));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Hex(ulong v) => Printk.AltHex(v);
}
