using Bootemu.Hotplug.Advice;

namespace Bootemu.Hotplug.Tests.Advice;

/// <summary>
/// What `bootemu advise` answers, on the firmware-tables machines: the four-node machine whose nodes 2 and 3 the SRAT
/// marks hot-pluggable (node 1 it does not), and the default two-socket machine.
/// </summary>
public class RemovalAdvisorTests
{
    private const string FourNode = "four-node-2hotplug-hole.yaml";
    private const string TwoSocket = "two-socket-hotplug.yaml";

    [Test]
    public void Nodes_already_removable_as_booted_need_no_change_and_only_the_given_command_line_is_tried()
    {
        var advice = Advised.Fixture(FourNode, "movable_node", 2, 3);
        Assert.That(advice.NoChangeNeeded, Is.True);
        Assert.That(advice.AsBooted.Select(n => n.Removable), Is.All.True);
        Assert.That(advice.CandidatesTried, Is.EqualTo(1));
        Assert.That(advice.Answers, Is.Empty);
    }

    [Test]
    public void Without_movable_node_the_hot_pluggable_nodes_go_with_movable_node_alone()
    {
        var advice = Advised.Fixture(FourNode, "", 2, 3);
        Assert.That(advice.NoChangeNeeded, Is.False);
        Assert.That(advice.Answers[0].CommandLine, Is.EqualTo("movable_node"));
        Assert.That(advice.Answers[0].Cost.NodesLosingAllKernelMemory, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(advice.Answers[0].Cost.KernelBytesLost, Is.EqualTo(16UL << 30));
    }

    [Test]
    public void A_search_of_the_four_node_machine_tries_more_than_a_thousand_option_sets()
    {
        Assert.That(Advised.Fixture(FourNode, "", 2, 3).CandidatesTried, Is.GreaterThanOrEqualTo(1000));
    }

    [Test]
    public void Answers_come_smallest_change_first_then_least_cost()
    {
        var answers = Advised.Fixture(FourNode, "", 1).Answers;
        Assert.That(answers.Select(a => a.Candidate.SratHotplugFlag), Is.Ordered, "boot options before firmware changes");
        foreach (var group in answers.GroupBy(a => (a.Candidate.SratHotplugFlag, a.DependsOnAnIdleKernel)))
        {
            Assert.That(group.Select(a => a.Candidate.Changes), Is.Ordered, "fewest changes first");
            foreach (var sameChanges in group.GroupBy(a => a.Candidate.Changes))
                Assert.That(sameChanges.Select(a => (a.Cost.KernelBytesLost, a.Cost.UnusedBytes)), Is.Ordered, "then least cost");
        }
    }

    [Test]
    public void Of_two_one_option_answers_losing_the_same_kernel_memory_the_one_that_keeps_it_in_use_comes_first()
    {
        // movable_node moves nodes 2 and 3 into ZONE_MOVABLE; mem=18G throws the same 16 GiB away.
        var answers = Advised.Fixture(FourNode, "", 2, 3).Answers.Select(a => a.CommandLine).ToList();
        Assert.That(answers, Does.Contain("mem=18G"));
        Assert.That(answers.IndexOf("movable_node"), Is.LessThan(answers.IndexOf("mem=18G")));
    }

    [Test]
    public void An_answer_that_only_adds_options_to_a_cheaper_one_is_left_out()
    {
        var advice = Advised.Fixture(FourNode, "", 2, 3);
        Assert.That(advice.AnswersFound, Is.GreaterThan(advice.Answers.Length));
        Assert.That(advice.Answers.Select(a => a.CommandLine), Has.None.StartsWith("movable_node "));
    }

    [Test]
    public void A_node_the_firmware_does_not_mark_hot_pluggable_gets_the_srat_flag_with_movable_node_as_firmware_advice()
    {
        var advice = Advised.Fixture(FourNode, "", 1);
        var firmware = advice.Answers.Where(a => a.Candidate.SratHotplugFlag).ToList();
        Assert.That(firmware.Select(a => a.CommandLine), Does.Contain("movable_node"));
        Assert.That(firmware.First().Cost.NodesLosingAllKernelMemory, Does.Contain(1));
    }

    [Test]
    public void Nothing_on_the_command_line_frees_the_node_of_the_kernel_image_and_the_verdict_names_what_pins_it()
    {
        var advice = Advised.Fixture(TwoSocket, "", 0);
        Assert.That(advice.CommandLineHelps, Is.False);
        Assert.That(advice.CandidatesTried, Is.GreaterThan(1));
        var pinned = advice.CommandLineLimit!.Verdicts.Single(v => v.Nid == 0).Blockers.Select(b => b.Text).ToList();
        Assert.That(pinned, Does.Contain("the kernel image is on it"));
        Assert.That(pinned, Has.Some.StartsWith("early allocation \"NODE_DATA(0)\""));
    }

    [Test]
    public void For_the_node_of_the_kernel_image_the_srat_flag_does_not_help_either()
    {
        var firmware = Advised.Fixture(TwoSocket, "", 0).Firmware!;
        Assert.That(firmware.Change!.Entries.Select(e => e.Nid), Is.All.EqualTo(0));
        Assert.That(firmware.Helps, Is.False);
        Assert.That(firmware.Closest!.Verdicts.Single().Blockers.Select(b => b.Text), Does.Contain("the kernel image is on it"));
    }
}
