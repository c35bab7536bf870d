using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Advice;
using Bootemu.Hotplug.Model;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Advice;

/// <summary>The candidates of a search, read off the advice on the four-node machine (32 GiB, nodes 2 and 3 asked).</summary>
public class CandidateGridTests
{
    [TestCase(1UL << 30, "1G")]
    [TestCase(1536UL << 20, "1536M")]
    [TestCase(640UL << 10, "640K")]
    [TestCase(2UL << 40, "2T")]
    public void Sizes_are_written_in_the_largest_unit_that_divides_them(ulong bytes, string word)
    {
        Assert.That(CandidateGrid.SizeWord(bytes), Is.EqualTo(word));
    }

    private static List<string> Singles(string name)
    {
        var machine = MachineLoader.LoadFixture(Path.Combine(RepoPaths.FirmwareTables, "four-node-2hotplug-hole.yaml"));
        var boot = BootPipeline.Run(machine, KernelCommandLine.Parse("", KernelModel.Default.CommandLine), new KernelLog(), KernelModel.Default);
        var booted = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
        var (candidates, _) = CandidateGrid.Generate(boot, booted, [2, 3], firmware: false);
        return candidates.Where(c => c.Options.Length == 1 && c.Options[0].Name == name).Select(c => c.Options[0].Value!).ToList();
    }

    [Test]
    public void Mem_cuts_at_the_start_of_each_node_from_the_lowest_asked_one_up()
    {
        Assert.That(Singles("mem"), Is.EqualTo(new[] { "18G", "27G" }));
    }

    [Test]
    public void Kernelcore_sizes_are_sixteenths_of_the_memory_and_the_asked_nodes_share_and_percents_in_5_steps()
    {
        var values = Singles("kernelcore");
        Assert.That(values, Is.SupersetOf(new[] { "2G", "4G", "16G", "30G", "5%", "50%", "95%" }));
        Assert.That(values, Has.None.EqualTo("32G"), "not all of memory");
        Assert.That(values, Has.None.EqualTo("1G"), "steps of 2 GiB on 32 GiB");
    }

    [Test]
    public void Hot_added_memory_options_are_left_out_without_memory_devices_and_the_report_says_why()
    {
        var advice = Advised.Fixture("four-node-2hotplug-hole.yaml", "", 2, 3);
        Assert.That(advice.NotTried.Single(), Does.StartWith("memhp_default_state=, memory_hotplug.online_policy="));
    }
}
