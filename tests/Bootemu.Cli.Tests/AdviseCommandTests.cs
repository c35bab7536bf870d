using System.Collections.Concurrent;
using System.Text.Json;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`bootemu advise` end to end: what it prints, its exit codes and its JSON.</summary>
[NonParallelizable]
public class AdviseCommandTests
{
    private static readonly ConcurrentDictionary<string, Lazy<CliHarness.Result>> Runs = new();

    private static string Fixture(string name) => Path.Combine(RepoPaths.FirmwareTables, name + ".yaml");

    /// <summary>One advise run per argument list, shared by the tests that read it (a search boots a thousand machines).</summary>
    internal static CliHarness.Result Advise(params string[] args) =>
        Runs.GetOrAdd(string.Join('\u0001', args), _ => new Lazy<CliHarness.Result>(() => CliHarness.Run(["advise", .. args]))).Value;

    internal static CliHarness.Result FourNodeSearch(string format = "text") =>
        Advise(Fixture("four-node-2hotplug-hole"), "--cmdline", "", "--removable", "2,3", "--format", format);

    [Test]
    public void The_text_says_how_many_candidates_it_tried_and_the_json_agrees()
    {
        var text = FourNodeSearch();
        Assert.That(text.ExitCode, Is.Zero, text.Stderr);
        using var json = JsonDocument.Parse(FourNodeSearch("json").Stdout);
        int tried = json.RootElement.GetProperty("candidates_tried").GetInt32();
        Assert.That(tried, Is.GreaterThanOrEqualTo(1000));
        Assert.That(text.Stdout, Does.Contain($"\nTried {tried} candidate option sets; "));
    }

    [Test]
    public void The_first_answer_is_printed_with_its_command_line_and_cost()
    {
        Assert.That(FourNodeSearch().Stdout, Does.Contain(
            "\n1. movable_node\n" +
            "   command line: \"movable_node\"\n" +
            "   cost: 16 GiB the kernel can no longer use for unmovable allocations (16 GiB into ZONE_MOVABLE): node 2 8 GiB, node 3 8 GiB\n" +
            "   nodes left without kernel memory: 2, 3\n" +
            "   node 2 zones: Normal 8 GiB -> 0, Movable 0 -> 8 GiB\n"));
    }

    [Test]
    public void Nodes_removable_as_booted_need_no_change_and_exit_0()
    {
        var r = Advise(Fixture("four-node-2hotplug-hole"), "--removable", "2,3");
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);
        Assert.That(r.Stdout, Does.Contain("  node 2: removable as booted: no change needed\n  node 3: removable as booted: no change needed\n"));
        Assert.That(r.Stdout, Does.EndWith("\nNo change needed. Tried 1 candidate option set (the command line as given).\n"));
    }

    [Test]
    public void When_no_boot_option_helps_it_says_so_names_what_pins_the_node_and_exits_1()
    {
        var r = Advise(Fixture("two-socket-hotplug"), "--cmdline", "", "--removable", "0");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\nNothing on the command line makes node 0 removable: the kernel's own early allocations stay on it.\n"));
        Assert.That(r.Stdout, Does.Contain("\nWhat still pins node 0 there:\n"));
        Assert.That(r.Stdout, Does.Contain("\n  - the kernel image is on it\n"));
        Assert.That(r.Stdout, Does.Contain("\n  - early allocation \"NODE_DATA(0)\" of "));
        Assert.That(r.Stdout, Does.Contain("\nFirmware: set the Hot Pluggable flag (bit 1 of Flags) of these SRAT memory affinity entries:\n"));
        Assert.That(r.Stdout, Does.Contain("\nIt does not free node 0 either.\n"));
    }

    [TestCase("x", "bootemu: --removable: 'x' is not a node id; write NODE[,NODE...], e.g. 1 or 2,3")]
    [TestCase("1,7", "bootemu: --removable: node 7 is not online after boot with this command line (online nodes: 0,1)")]
    public void A_node_that_is_not_there_is_bad_input(string nodes, string error)
    {
        var r = CliHarness.Run("advise", Fixture("two-socket-hotplug"), "--removable", nodes);
        Assert.That((r.ExitCode, r.Stdout, r.Stderr.TrimEnd()), Is.EqualTo((2, "", error)));
    }

    [Test]
    public void The_removable_option_is_required()
    {
        var r = CliHarness.Run("advise", Fixture("two-socket-hotplug"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("--removable"));
    }
}
