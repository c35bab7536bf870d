using System.Text.Json;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu memblock run`: exit codes, output forms and bad-input errors.</summary>
[NonParallelizable]
public class MemblockRunTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "bootemu-memblock-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Scenario(string yaml)
    {
        string path = Path.Combine(_dir, "scenario.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string ScenarioFile(string name) => Path.Combine(RepoPaths.Root, "tests", "memblock-scenarios", name);

    [Test]
    public void A_scenario_whose_expectations_hold_exits_0()
    {
        var r = CliHarness.Run("memblock", "run", ScenarioFile("alloc-top-down.yaml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Contain(" a1 = 0x000000007ffff000"));
        Assert.That(r.Stdout, Does.Contain("expect: every part holds"));
    }

    [Test]
    public void Text_output_uses_the_kernel_dump_format_including_the_empty_placeholder()
    {
        var r = CliHarness.Run("memblock", "run", Scenario("ops:\n  - add: {base: 0x1000, size: 0x9ec00}\n"), "--kernel", "6.1");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        // memblock_dump of an empty type: cnt 0x1 and the placeholder, end 0 - 1, nid 0 from static initialisation.
        Assert.That(r.Stdout, Does.Contain(" reserved.cnt  = 0x1\n reserved[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes on node 0 flags: 0x0\n"));
        Assert.That(r.Stdout, Does.Contain(" memory[0x0]\t[0x0000000000001000-0x000000000009fbff], 0x000000000009ec00 bytes flags: 0x0\n"));
    }

    [Test]
    public void An_empty_type_counts_zero_and_dumps_no_region_on_6_12()
    {
        var r = CliHarness.Run("memblock", "run", Scenario("ops:\n  - add: {base: 0x1000, size: 0x9ec00}\n"), "--kernel", "6.12");
        Assert.That(r.Stdout, Does.StartWith("kernel: Linux 6.12\n"));
        Assert.That(r.Stdout, Does.Contain(" reserved.cnt  = 0x0\n"));
        Assert.That(r.Stdout, Does.Not.Contain(" reserved[0x0]"));
    }

    [Test]
    public void A_resize_before_it_is_allowed_panics_on_6_12_and_fails_on_6_1()
    {
        // 129 separate reservations overflow the 128-entry static array; allow_resize is off.
        string ops = "ops:\n" + string.Concat(Enumerable.Range(0, 129).Select(i => $"  - reserve: {{base: 0x{i * 0x2000:x}, size: 0x1000}}\n"));
        var current = CliHarness.Run("memblock", "run", Scenario(ops), "--kernel", "6.12");
        Assert.That(current.Stdout, Does.Contain("the kernel panics: memblock: cannot resize reserved array"));
        var old = CliHarness.Run("memblock", "run", Scenario(ops), "--kernel", "6.1");
        Assert.That(old.Stdout, Does.Not.Contain("panics"));
    }

    [Test]
    public void A_difference_exits_1_and_shows_the_first_differing_region_side_by_side()
    {
        var r = CliHarness.Run("memblock", "run", Scenario(
            "ops:\n  - add: {base: 0x0, size: 1G}\n  - add: {base: 2G, size: 1G}\nexpect:\n  memory:\n    - {base: 0x0, size: 1G}\n    - {base: 2G, size: 2G}\n"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Does.Contain("memory[1]"));
        Assert.That(r.Stdout, Does.Contain("expected [0x0000000080000000-0x00000000ffffffff] size 0x0000000080000000"));
        Assert.That(r.Stdout, Does.Contain("actual   [0x0000000080000000-0x00000000bfffffff] size 0x0000000040000000 nid 1024 flags []"));
        Assert.That(r.Stderr, Does.Contain(":7:7: memory[1]"));
    }

    [Test]
    public void A_count_difference_points_at_the_key_that_states_it()
    {
        var r = CliHarness.Run("memblock", "run", Scenario("ops:\n  - add: {base: 0x0, size: 1G}\nexpect:\n  memory_cnt: 2\n  allocs: {}\n"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.EndWith("scenario.yaml:4:15: memory_cnt: expected 2, actual 1\n"));
    }

    [Test]
    public void A_failed_allocation_is_null_in_json()
    {
        var r = CliHarness.Run("memblock", "run", ScenarioFile("alloc-first-page-never.yaml"), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var allocs = doc.RootElement.GetProperty("allocs");
        Assert.That(allocs.GetProperty("whole").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(allocs.GetProperty("page").GetString(), Is.EqualTo("0x0000000000001000"));
        Assert.That(doc.RootElement.GetProperty("reserved").GetProperty("cnt").GetInt32(), Is.EqualTo(1));
        Assert.That(doc.RootElement.GetProperty("expect").GetProperty("holds").GetBoolean(), Is.True);
    }

    [Test]
    public void A_call_that_fails_with_enomem_is_listed()
    {
        var r = CliHarness.Run("memblock", "run", ScenarioFile("double-array-refused-before-allow-resize.yaml"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.Match(@"calls that failed:\n .*double-array-refused-before-allow-resize\.yaml:\d+:\d+: reserve returned -12\n"));
    }

    [Test]
    public void Debug_setting_prints_the_memblock_debug_lines()
    {
        var r = CliHarness.Run("memblock", "run", Scenario(
            "settings: {debug: true}\nops:\n  - add: {base: 0x100000, size: 0x7fee0000}\n  - alloc: {id: a, size: 28672, align: 0x1000}\n"), "--kernel", "6.1");
        Assert.That(r.Stdout, Does.Contain("memblock_add: [0x0000000000100000-0x000000007ffdffff]\n"));
        Assert.That(r.Stdout, Does.Contain("memblock_alloc_try_nid: 28672 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000\n"));
        Assert.That(r.Stdout, Does.Contain("memblock_reserve: [0x000000007ffd9000-0x000000007ffdffff] memblock_alloc_range_nid+0xb0/0x13d\n"));
    }

    [TestCase("ops:\n  - add: {base: 0x0, size: 1G}\n  - frob: {base: 1}\n", ":3:5:", "unknown op 'frob'")]
    [TestCase("ops:\n  - reserve: {base: 0x1000}\n", ":2:14:", "missing required key 'size'")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1G, nid: 1025}\n", ":2:37:", "out of range")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1G, nid: -1}\n", ":2:37:", "out of range")]
    [TestCase("ops:\n  - alloc: {id: a, size: 0x1000, align: 0x3000}\n", ":2:41:", "not a power of two")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1G, colour: red}\n", ":2:32:", "unknown key 'colour'")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1G, flags: [hot]}\n", ":2:40:", "unknown flag 'hot'")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1Q}\n", ":2:28:", "not a number")]
    [TestCase("ops:\n  - add: {base: 0x0, size: 1G}\n    reserve: {base: 0x0, size: 1G}\n", ":2:5:", "exactly one key")]
    [TestCase("ops:\n  - alloc: {id: a, size: 1}\n  - alloc: {id: a, size: 1}\n", ":3:5:", "alloc id 'a' is used twice")]
    [TestCase("ops: []\nexpect:\n  allocs: {b: null}\n", ":3:12:", "no alloc op has that id")]
    [TestCase("settings: &s {bottom_up: true}\nops: []\n", ":1:11:", "anchor")]
    [TestCase("ops:\n  - trim_memory: {align: 0}\n", ":2:26:", "not a power of two")]
    public void Bad_input_exits_2_with_line_and_column(string yaml, string where, string what)
    {
        var r = CliHarness.Run("memblock", "run", Scenario(yaml));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Stdout);
        Assert.That(r.Stderr, Does.StartWith("bootemu: " + Path.Combine(_dir, "scenario.yaml") + where));
        Assert.That(r.Stderr, Does.Contain(what));
        Assert.That(r.Stderr.TrimEnd('\n'), Does.Not.Contain("\n"), "one line, no stack trace");
    }

    [Test]
    public void A_missing_scenario_file_exits_2()
    {
        var r = CliHarness.Run("memblock", "run", Path.Combine(_dir, "nope.yaml"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("bootemu: "));
    }

    [Test]
    public void An_unknown_format_exits_2()
    {
        var r = CliHarness.Run("memblock", "run", ScenarioFile("alloc-top-down.yaml"), "--format", "xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }
}
