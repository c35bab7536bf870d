using System.Text.Json;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// Every JSON document bootemu writes carries schema_version and follows its JSON Schema in docs/schemas: boot, hotplug,
/// memblock run and advise (table checks and diff have their own tests).
/// </summary>
[NonParallelizable]
public class JsonDocumentSchemaTests
{
    private static IEnumerable<TestCaseData> Fixtures() =>
        from f in Directory.GetFiles(RepoPaths.FirmwareTables, "*.yaml").Order()
        from k in RepoPaths.ConformanceKernels
        select new TestCaseData(f, k).SetArgDisplayNames(Path.GetFileNameWithoutExtension(f), k);

    [TestCaseSource(nameof(Fixtures))]
    public void Boot_json_of_every_fixture_follows_the_boot_schema(string fixture, string kernel)
    {
        foreach (var cmdline in new[] { "", "movable_node" })
            Valid("boot.schema.json", CliHarness.Run("boot", fixture, "--kernel", kernel, "--cmdline", cmdline, "--format", "json"));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void Boot_json_of_every_real_boot_follows_the_boot_schema(ConformanceSuite suite, string kernel, string name)
    {
        string dir = RepoPaths.ConformanceCase(name, kernel, suite);
        var args = new List<string> { "boot", "--e820", Path.Combine(dir, "console.log"), "--kernel", kernel, "--format", "json",
            "--cmdline", File.Exists(Path.Combine(dir, "cmdline")) ? File.ReadAllText(Path.Combine(dir, "cmdline")).Trim() : "" };
        if (File.Exists(Path.Combine(dir, "srat.bin"))) args.AddRange(["--srat", Path.Combine(dir, "srat.bin")]);
        Valid("boot.schema.json", CliHarness.Run([.. args]));
    }

    private static readonly string[] Scripts =
    [
        "steps:\n  - alloc: {kind: unmovable, size: 64M, node: 1}\n  - alloc: {kind: movable, size: 256M, node: 1}\n  - offline_node: 1\n  - remove_node: 1\n",
        "steps:\n  - offline: 40\n  - online_kernel: 40\n  - offline: 40\n  - online_movable: 40\n  - offline: 2\n",
        "steps:\n  - hot_add: {base: 0x2000000000, size: 1G}\n  - online_movable: {block: 1024}\n  - offline: {block: 1024}\n  - remove: {base: 0x2000000000, size: 1G}\n",
    ];

    [TestCaseSource(nameof(Fixtures))]
    public void Hotplug_json_follows_the_hotplug_schema(string fixture, string kernel)
    {
        // A script that names a node or block the fixture lacks is bad input (exit 2, no document); the others must validate.
        int documents = 0;
        foreach (var script in Scripts)
        {
            string file = Path.Combine(Path.GetTempPath(), $"bootemu-schema-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(file, script);
            try
            {
                foreach (var cmdline in new[] { "", "movable_node" })
                {
                    var r = CliHarness.Run("hotplug", fixture, "--kernel", kernel, "--cmdline", cmdline, "--script", file, "--keep-going", "--format", "json");
                    if (r.ExitCode == 2) continue;
                    Valid("hotplug.schema.json", r);
                    documents++;
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
        Assert.That(documents, Is.GreaterThan(0), "no script ran on this fixture");
    }

    private static IEnumerable<TestCaseData> Scenarios() =>
        from f in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "memblock-scenarios"), "*.yaml", SearchOption.AllDirectories).Order()
        select new TestCaseData(f).SetArgDisplayNames(Path.GetFileNameWithoutExtension(f));

    [TestCaseSource(nameof(Scenarios))]
    public void Memblock_run_json_of_every_scenario_follows_its_schema(string scenario) =>
        Valid("memblock-run.schema.json", CliHarness.Run("memblock", "run", scenario, "--format", "json"));

    [TestCase("four-node-2hotplug-hole", "", "2,3", TestName = "Advise_json_of_a_search_with_answers_follows_the_advise_schema")]
    [TestCase("four-node-2hotplug-hole", "movable_node", "2,3", TestName = "Advise_json_when_no_change_is_needed_follows_the_advise_schema")]
    [TestCase("two-socket-hotplug", "", "0", TestName = "Advise_json_when_no_boot_option_helps_follows_the_advise_schema")]
    public void Advise_json_follows_the_advise_schema(string fixture, string cmdline, string nodes) =>
        Valid("advise.schema.json", AdviseCommandTests.Advise(Path.Combine(RepoPaths.FirmwareTables, fixture + ".yaml"),
            "--cmdline", cmdline, "--removable", nodes, "--format", "json", "--limit", "0"));

    private static void Valid(string schema, CliHarness.Result r)
    {
        Assert.That(r.Stdout, Does.StartWith("{"), r.Stderr);
        using (var doc = JsonDocument.Parse(r.Stdout))
            Assert.That(doc.RootElement.GetProperty("schema_version").GetInt32(), Is.EqualTo(1));
        JsonSchemas.AssertValid(schema, r.Stdout, schema);
    }
}
