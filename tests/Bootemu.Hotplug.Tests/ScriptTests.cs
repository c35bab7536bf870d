using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Tests;

/// <summary>The hotplug script: strict reading with locations, and the runner's stop/keep-going rule.</summary>
public class ScriptTests
{
    [Test]
    public void The_issue_example_script_reads_every_verb()
    {
        var script = HotplugScript.Parse("""
            steps:
              - alloc: {kind: unmovable, size: 512M, node: 1}
              - offline: {block: 32}
              - online_movable: 33
              - offline_node: 1
              - hot_add: {base: 0x180000000, size: 1G, node: 1}
              - remove: {base: 0x180000000, size: 1G}
              - remove_node: 1
            """, "s.yaml");
        Assert.That(script.Steps.Select(s => s.Describe()), Is.EqualTo(new[]
        {
            "alloc unmovable 512M on node 1", "offline block 32", "online_movable block 33", "offline_node 1",
            "hot_add [mem 0x180000000-0x1bfffffff] node 1", "remove [mem 0x180000000-0x1bfffffff]", "remove_node 1",
        }));
    }

    [Test]
    public void An_unknown_key_in_a_step_names_its_line_and_column()
    {
        var e = Assert.Throws<InputException>(() => HotplugScript.Parse("steps:\n  - offline: {block: 3, force: yes}\n", "s.yaml"));
        Assert.That(e!.OneLine, Does.StartWith("s.yaml:2:25: unknown key 'force'"));
    }

    [Test]
    public void An_unknown_allocation_kind_is_refused()
    {
        var e = Assert.Throws<InputException>(() => HotplugScript.Parse("steps:\n  - alloc: {kind: slab, size: 4K}\n", "s.yaml"));
        Assert.That(e!.OneLine, Does.Contain("unknown allocation kind 'slab' (kinds: unmovable, movable, hugetlb, pinned)"));
    }

    [Test]
    public void The_hot_add_memmap_is_not_an_allocation_kind_a_script_can_ask_for()
    {
        var e = Assert.Throws<InputException>(() => HotplugScript.Parse("steps:\n  - alloc: {kind: memmap, size: 4K}\n", "s.yaml"));
        Assert.That(e!.OneLine, Does.Contain("unknown allocation kind 'memmap'"));
    }

    [Test]
    public void A_failed_step_skips_the_rest_unless_keep_going()
    {
        var script = HotplugScript.Parse("steps:\n  - offline: 0\n  - offline: 40\n", "s.yaml");
        var machine = ExpectedBoot.Machine("srat2_default");
        var stopped = HotplugScriptRunner.Run(machine, script, keepGoing: false, new KernelLog());
        var kept = HotplugScriptRunner.Run(machine, script, keepGoing: true, new KernelLog());
        Assert.That(stopped.Steps[1].Skipped, Is.True);
        Assert.That(kept.Steps[1].Succeeded, Is.True);
        Assert.That(kept.Final.Blocks[40].State, Is.EqualTo(BlockState.Offline));
    }

    [Test]
    public void A_step_on_a_node_that_is_not_online_is_bad_input()
    {
        var script = HotplugScript.Parse("steps:\n  - offline_node: 5\n", "s.yaml");
        var e = Assert.Throws<InputException>(() => HotplugScriptRunner.Run(ExpectedBoot.Machine("srat2_default"), script, false, new KernelLog()));
        Assert.That(e!.OneLine, Does.StartWith("s.yaml:2:5: node 5 is not online"));
    }
}
