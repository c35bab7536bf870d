using System.Text.Json;
using Bootemu.Acpi.Tables;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`srat check` and `slit check` with --format json: the findings a pipeline reads, against the schema.</summary>
[NonParallelizable]
public class CheckJsonTests
{
    private static IEnumerable<TestCaseData> Tables()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "realhw")).Order())
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".srat.bin") || name.EndsWith(".acpidump.txt")) yield return new TestCaseData("srat", file).SetArgDisplayNames("srat", name);
            if (name.EndsWith(".slit.bin")) yield return new TestCaseData("slit", file).SetArgDisplayNames("slit", name);
        }
    }

    [TestCaseSource(nameof(Tables))]
    public void Json_follows_the_schema_and_says_what_the_text_says(string verb, string file)
    {
        var text = CliHarness.Run(verb, "check", file);
        var json = CliHarness.Run(verb, "check", "--format", "json", file);
        JsonSchemas.AssertValid("table-check.schema.json", json.Stdout, $"{verb} check {file}");
        Assert.That(json.ExitCode, Is.EqualTo(text.ExitCode));
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.That(doc.RootElement.GetProperty("exit_code").GetInt32(), Is.EqualTo(text.ExitCode));
        // Each text line "WHERE: offset 0x.. (N): SEVERITY: MESSAGE" is one JSON finding, in the same order.
        var textFindings = text.Stdout.Split('\n').Where(l => l.Contains(": offset 0x")).Select(l => l[(l.IndexOf(": offset 0x") + 2)..]).ToList();
        var jsonFindings = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"offset {f.GetProperty("offset_hex").GetString()} ({f.GetProperty("offset").GetInt32()}): {f.GetProperty("severity").GetString()}: {f.GetProperty("message").GetString()}")
            .ToList();
        Assert.That(jsonFindings, Is.EqualTo(textFindings));
    }

    [Test]
    public void Overlapping_memory_ranges_are_found_under_their_stable_id()
    {
        // Two enabled memory entries of PXM 0 and 1 over the same 1 GiB.
        string yaml = Path.Combine(Path.GetTempPath(), $"overlap-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(yaml, """
            header: {signature: SRAT, revision: 3}
            entries:
              - memory: {pxm: 0, base: 0x0, length: 0x40000000, enabled: true}
              - memory: {pxm: 1, base: 0x20000000, length: 0x40000000, enabled: true}
            """);
        try
        {
            var r = CliHarness.Run("srat", "check", "--format", "json", yaml);
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            var overlap = doc.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "srat-memory-overlap");
            Assert.That(overlap.GetProperty("severity").GetString(), Is.EqualTo("warning"));
            Assert.That(overlap.GetProperty("number").GetInt32(), Is.EqualTo((int)AcpiFindingId.SratMemoryOverlap));
        }
        finally
        {
            File.Delete(yaml);
        }
    }

    [Test]
    public void Schema_lists_exactly_the_stable_finding_ids()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "schemas", "table-check.schema.json")));
        var inSchema = schema.RootElement.GetProperty("$defs").GetProperty("finding").GetProperty("properties").GetProperty("id").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(inSchema, Is.EqualTo(Enum.GetValues<AcpiFindingId>().Select(id => id.Code()).ToList()));
    }
}
