using Bootemu.Boot.Model;
using Bootemu.Boot.Output;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>`bootemu boot --format text`: the report a person reads.</summary>
public class BootTextReportTests
{
    private static string Report(string fixture, string cmdline = "") => BootTextReport.Render(FixtureBoots.Boot(fixture, cmdline), []);

    [Test]
    public void A_node_s_cpus_are_a_list_of_ranges()
    {
        var text = Report("x2apic-gi.yaml");
        Assert.That(text, Does.Contain("\n  cpus: 0-63\n"));
        Assert.That(text, Does.Contain("\n  cpus: 64-127\n"));
    }

    [Test]
    public void Spanned_present_and_managed_are_all_sizes_by_one_rule()
    {
        var dma = Report("x2apic-gi.yaml").Split('\n').Single(l => l.StartsWith("  DMA "));
        Assert.That(dma, Does.EndWith("]  16 MiB       15.6 MiB     15 MiB"));
    }

    [Test]
    public void Each_node_lists_the_generic_initiators_the_srat_put_on_it()
    {
        var text = Report("x2apic-gi.yaml");
        Assert.That(text, Does.Contain("\n  cpus: 0-63\n  generic initiators: PCI 0000:3a:00.0\n"));
        Assert.That(text, Does.Contain("\nNode 2: memoryless\n  generic initiators: ACPI ACPI0017 (_UID 0)\n"));
    }

    [Test]
    public void The_nodes_are_summed_up_as_numactl_shows_them()
    {
        var text = Report("two-socket-hotplug.yaml", "movable_node");
        Assert.That(text, Does.Contain("\n  available: 2 nodes (0-1)\n  node 0 cpus: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"));
        Assert.That(text, Does.Contain("\n  node distances:\n  node   0   1 \n    0:  10  21 \n    1:  21  10 \n"));
    }
}
