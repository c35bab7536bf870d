using System.Text.Json;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Memblock;
using Bootemu.Memblock.Scenarios;

namespace Bootemu.Cli;

/// <summary>
/// The JSON form of a memblock scenario run. Addresses and sizes are "0x..." strings (64-bit values
/// do not survive JSON numbers); counts and node ids are numbers.
/// </summary>
internal static class MemblockRunJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it (docs/schemas/memblock-run.schema.json).</summary>
    public const int SchemaVersion = 1;

    public static void Write(MemblockScenarioResult result, TextWriter output)
    {
        output.Write(IndentedJson.Write(w =>
        {
            var mb = result.Memblock;
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteString("scenario", result.Scenario.Source);
            w.WriteString("kernel", result.Memblock.Rules.Version);
            if (result.Memblock.Panic is { } panic) w.WriteString("kernel_panics", panic); else w.WriteNull("kernel_panics");
            WriteType(w, "memory", mb.Memory);
            WriteType(w, "reserved", mb.Reserved);

            w.WriteStartObject("allocs");
            foreach (var (id, address) in result.Allocs)
            {
                if (address is { } a) w.WriteString(id, Printk.Pa(a));
                else w.WriteNull(id);
            }
            w.WriteEndObject();

            w.WriteStartArray("failed_calls");
            foreach (var o in result.Outcomes.Where(o => o.Op is not AllocOp && o.Result != 0))
            {
                w.WriteStartObject();
                w.WriteString("location", o.Op.Location);
                w.WriteString("op", o.Op.Name);
                w.WriteNumber("result", o.Result);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("log");
            foreach (var line in mb.Log.Lines) w.WriteStringValue(line.Text);
            w.WriteEndArray();

            if (result.Scenario.Expect is null) w.WriteNull("expect");
            else
            {
                w.WriteStartObject("expect");
                w.WriteBoolean("holds", result.ExpectationsHold);
                w.WriteStartArray("differences");
                foreach (var d in result.Differences)
                {
                    w.WriteStartObject();
                    w.WriteString("location", d.Location);
                    w.WriteString("what", d.What);
                    w.WriteString("expected", d.Expected);
                    w.WriteString("actual", d.Actual);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }));
    }

    private static void WriteType(Utf8JsonWriter w, string name, MemblockType type)
    {
        w.WriteStartObject(name);
        w.WriteNumber("cnt", type.Count);
        w.WriteNumber("max", type.Max);
        w.WriteString("total_size", Printk.Pa(type.TotalSize));
        w.WriteStartArray("regions");
        foreach (var r in type.Regions)
        {
            w.WriteStartObject();
            w.WriteString("base", Printk.Pa(r.Base));
            w.WriteString("size", Printk.Pa(r.Size));
            w.WriteNumber("nid", r.Nid);
            w.WriteStartArray("flags");
            foreach (var f in ExpectationChecker.FlagList(r.Flags)) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
