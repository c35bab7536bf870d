using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Acpi.Text;

/// <summary>
/// What `srat check` and `slit check` found, as one JSON document for pipelines: each finding with its stable id
/// (<see cref="AcpiFindingIds.Code"/>), severity, byte offset and sentence, in offset order, and the totals and exit
/// code the text form ends with. docs/schemas/table-check.schema.json describes it.
/// </summary>
public static class AcpiFindingsJson
{
    /// <summary>Bumped when a field changes meaning or goes away; new fields do not bump it.</summary>
    public const int SchemaVersion = 1;

    /// <param name="source">where the table came from, as errors name it ("srat.bin", "dump.txt: SRAT").</param>
    /// <param name="notes">facts about the input rather than about a byte of the table (two SRATs in one dump).</param>
    public static string Write(string source, string signature, int length, IReadOnlyList<AcpiDiagnostic> findings, IReadOnlyList<string> notes, int exitCode) =>
        IndentedJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteString("source", source);
            w.WriteString("table", signature);
            w.WriteNumber("length", length);
            w.WriteStartArray("findings");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id.Code());
                w.WriteNumber("number", (int)f.Id);
                w.WriteString("severity", f.Severity == AcpiSeverity.Warning ? "warning" : "info");
                w.WriteNumber("offset", f.Offset);
                w.WriteString("offset_hex", TextFormat.Hex((ulong)f.Offset));
                w.WriteString("message", f.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteNumber("warnings", findings.Count(f => f.Severity == AcpiSeverity.Warning));
            w.WriteNumber("infos", findings.Count(f => f.Severity == AcpiSeverity.Info) + notes.Count);
            w.WriteNumber("exit_code", exitCode);
            w.WriteEndObject();
        });
}
