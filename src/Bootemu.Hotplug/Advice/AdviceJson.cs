using System.Text.Json;
using Bootemu.Core;

namespace Bootemu.Hotplug.Advice;

/// <summary>`bootemu advise --format json` (docs/schemas/advise.schema.json). Sizes are byte counts, page counts numbers.</summary>
public static class AdviceJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it.</summary>
    public const int SchemaVersion = 1;

    /// <param name="limit">how many answers to list; 0 lists all.</param>
    public static string Render(RemovalAdvice advice, int limit) => IndentedJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteStartObject("kernel");
        w.WriteString("version", advice.Baseline.Kernel.Version);
        w.WriteString("build", advice.Baseline.Kernel.Build);
        w.WriteEndObject();
        w.WriteString("cmdline", advice.CommandLine);
        w.WriteNumberArray("nodes", advice.Nodes);
        w.WriteStartArray("as_booted");
        foreach (var n in advice.AsBooted)
        {
            w.WriteStartObject();
            w.WriteNumber("nid", n.Nid);
            w.WriteBoolean("removable", n.Removable);
            w.WriteStringOrNull("failure", n.Failure);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("no_change_needed", advice.NoChangeNeeded);
        w.WriteNumber("candidates_tried", advice.CandidatesTried);
        w.WriteNumber("answers_found", advice.AnswersFound);
        w.WriteStringArray("not_tried", advice.NotTried);
        w.WriteStartArray("answers");
        foreach (var a in limit == 0 ? advice.Answers : advice.Answers.Take(limit)) Answer(w, a);
        w.WriteEndArray();
        w.WriteNumber("answers_listed_of", advice.Answers.Length);
        w.WritePropertyName("command_line_limit");
        Closest(w, advice.CommandLineLimit);
        w.WritePropertyName("firmware");
        Firmware(w, advice.Firmware);
        w.WriteEndObject();
    });

    private static void Answer(Utf8JsonWriter w, AdviceAnswer a)
    {
        w.WriteStartObject();
        Candidate(w, a.Candidate);
        w.WriteString("cmdline", a.CommandLine);
        w.WriteBoolean("depends_on_an_idle_kernel", a.DependsOnAnIdleKernel);
        var cost = a.Cost;
        w.WriteStartObject("cost");
        w.WriteNumber("kernel_bytes_lost", cost.KernelBytesLost);
        w.WriteNumber("unused_bytes", cost.UnusedBytes);
        w.WriteNumber("movable_bytes_added", cost.MovableBytesAdded);
        w.WriteNumber("kernel_zone_bytes_on_asked_nodes", cost.KernelZoneBytesOnAskedNodes);
        w.WriteNumberArray("nodes_losing_all_kernel_memory", cost.NodesLosingAllKernelMemory);
        w.WriteStartArray("nodes");
        foreach (var n in cost.Nodes)
        {
            w.WriteStartObject();
            w.WriteNumber("nid", n.Nid);
            w.WriteNumber("kernel_bytes_lost", n.KernelBytesLost);
            w.WriteNumber("unused_bytes", n.UnusedBytes);
            w.WriteBoolean("loses_all_kernel_memory", n.LosesAllKernelMemory);
            w.WriteStartArray("zones");
            foreach (var z in n.Zones)
            {
                w.WriteStartObject();
                w.WriteString("zone", z.Zone.ToString());
                w.WriteNumber("present_before", z.PagesBefore);
                w.WriteNumber("present_after", z.PagesAfter);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Candidate(Utf8JsonWriter w, AdviceCandidate c)
    {
        w.WriteStringArray("options", c.Options.Select(o => o.Word));
        w.WriteBoolean("srat_hotplug_flag", c.SratHotplugFlag);
        w.WriteNumber("changes", c.Changes);
    }

    private static void Closest(Utf8JsonWriter w, ClosestCandidate? closest)
    {
        if (closest is null) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        Candidate(w, closest.Candidate);
        w.WriteString("cmdline", closest.CommandLine);
        w.WriteString("failure", closest.Failure);
        w.WriteStartArray("pinned");
        foreach (var v in closest.Verdicts)
        {
            w.WriteStartObject();
            w.WriteNumber("nid", v.Nid);
            w.WriteStringArray("reasons", v.Blockers.Select(b => b.Text));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Firmware(Utf8JsonWriter w, FirmwareAdvice? firmware)
    {
        if (firmware is null) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        w.WriteStartArray("srat_entries");
        foreach (var e in firmware.Change?.Entries ?? [])
        {
            w.WriteStartObject();
            w.WriteNumber("offset", e.Offset);
            w.WriteNumber("pxm", e.Pxm);
            w.WriteString("base", $"0x{e.Base:x}");
            w.WriteString("length", $"0x{e.Length:x}");
            w.WriteNumber("nid", e.Nid);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStringOrNull("why_none", firmware.WhyNone);
        w.WriteBoolean("helps", firmware.Helps);
        w.WritePropertyName("closest");
        Closest(w, firmware.Closest);
        w.WriteEndObject();
    }
}
