using Bootemu.Core.Printk;
using Bootemu.Machine;
using System.Text.Json;
using Bootemu.Core;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Output;

/// <summary>The whole run as JSON (Utf8JsonWriter, no reflection): steps, blocks as sysfs shows them, zones, nodes.</summary>
public static class HotplugJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it (docs/schemas/hotplug.schema.json).</summary>
    public const int SchemaVersion = 1;

    public static string Render(ScriptRun run)
    {
        var m = run.Final;
        return IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartObject("kernel");
            w.WriteString("version", m.Kernel.Version);
            w.WriteString("build", m.Kernel.Build);
            w.WriteString("auto_online_blocks", m.AutoOnlineType.ToWord());
            w.WriteEndObject();
            w.WriteStartArray("devices_at_boot");
            foreach (var d in m.DevicesAtBoot)
            {
                w.WriteStartObject();
                w.WriteString("base", Printk.AltHex(d.Device.Base));
                w.WriteString("size", Printk.AltHex(d.Device.Size));
                w.WriteString("result", d.Error is { } e ? e.ToString() : "ok");
                w.WriteString("detail", d.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("block_size_bytes", SysfsView.BlockSizeBytes(m));
            w.WriteStartArray("steps");
            foreach (var s in run.Steps)
            {
                w.WriteStartObject();
                w.WriteNumber("step", s.Number);
                w.WriteString("action", s.Step.Describe());
                w.WriteString("result", s.Skipped ? "skipped" : s.Error is { } e ? e.ToString() : "ok");
                if (s.Error is { } err) w.WriteNumber("errno", (int)err);
                w.WriteString("detail", s.Detail);
                w.WriteStartArray("kernel");
                foreach (var line in s.KernelLines) w.WriteStringValue(line.Text);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("memory_blocks");
            foreach (var (b, sys) in m.Blocks.Values.Zip(SysfsView.Blocks(m)))
            {
                w.WriteStartObject();
                w.WriteNumber("id", b.Id);
                w.WriteString("start", $"0x{b.Base:x}");
                w.WriteString("state", sys.State);
                w.WriteStartArray("valid_zones");
                foreach (var z in sys.ValidZones) w.WriteStringValue(z);
                w.WriteEndArray();
                w.WriteStartArray("nodes");
                foreach (var n in b.Nodes) w.WriteNumberValue(n);
                w.WriteEndArray();
                w.WriteString("phys_index", sys.PhysIndex);
                w.WriteString("removable", sys.Removable);
                w.WriteNumber("system_ram_pages", b.SystemRamPages);
                w.WriteNumber("free_pages", b.FreePages);
                w.WriteStartObject("reserved");
                foreach (var r in b.Reserved) w.WriteNumber(r.What, r.Pages);
                w.WriteEndObject();
                w.WriteStartObject("kernel_slab");
                foreach (var sl in b.Slab) w.WriteNumber(sl.Owner, sl.Pages);
                w.WriteEndObject();
                w.WriteStartObject("used");
                foreach (var (kind, pages) in b.Used.OrderBy(u => u.Key)) w.WriteNumber(kind.Name(), pages);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("zones");
            foreach (var z in m.Zones.Values.OrderBy(z => z.Nid).ThenBy(z => z.Zone))
            {
                w.WriteStartObject();
                w.WriteNumber("node", z.Nid);
                w.WriteString("zone", z.Name);
                w.WriteNumber("start_pfn", z.Start.Value);
                w.WriteNumber("spanned", z.Spanned);
                w.WriteNumber("present", z.Present);
                w.WriteNumber("managed", z.Managed);
                w.WriteNumber("free", ZoneinfoView.FreePages(m, z));
                Boot.Output.BootJson.WriteWatermarks(w, z.Watermarks, m.Kernel);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            NodeMasksView.Of(m).WriteJson(w, "node_masks");
            w.WriteStartArray("online_nodes");
            foreach (var n in m.OnlineNodes) w.WriteNumberValue(n);
            w.WriteEndArray();
            DerivedZonesView.WriteJson(w, run);
            w.WriteEndObject();
        });
    }
}
