using Bootemu.Boot.Model;
using Bootemu.Boot.Output;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>
/// `bootemu boot --format numactl`: what numactl -H prints on the booted machine. The expected listings are what the
/// real numactl 2.0.16 printed from a /sys/devices/system/node tree holding these boots' meminfo, cpumap and distance.
/// </summary>
public class NumactlHardwareTests
{
    private static BootResult Boot(string fixture, string cmdline = "") => FixtureBoots.Boot(fixture, cmdline);

    [Test]
    public void Two_sockets_are_listed_as_numactl_lists_them()
    {
        Assert.That(NumactlHardware.Render(Boot("two-socket-hotplug.yaml", "movable_node")), Is.EqualTo(
            "available: 2 nodes (0-1)\n" +
            "node 0 cpus: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n" +
            "node 0 size: 31331 MB\n" +
            "node 0 free: 31331 MB\n" +
            "node 1 cpus: 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31\n" +
            "node 1 size: 32768 MB\n" +
            "node 1 free: 32768 MB\n" +
            "node distances:\n" +
            "node   0   1 \n" +
            "  0:  10  21 \n" +
            "  1:  21  10 \n"));
    }

    [Test]
    public void A_node_without_cpus_or_memory_has_an_empty_cpu_list_and_zero_size()
    {
        var lines = NumactlHardware.Render(Boot("x2apic-gi.yaml")).Split('\n');
        Assert.That(lines, Does.Contain("node 2 cpus:"));
        Assert.That(lines, Does.Contain("node 2 size: 0 MB"));
        Assert.That(lines, Does.Contain("node 2 free: 0 MB"));
    }

    [Test]
    public void The_distances_are_the_slit_s_between_every_two_listed_nodes()
    {
        var text = NumactlHardware.Render(Boot("x2apic-gi.yaml"));
        Assert.That(text, Does.EndWith(
            "node distances:\n" +
            "node   0   1   2 \n" +
            "  0:  10  21  17 \n" +
            "  1:  21  10  28 \n" +
            "  2:  17  28  10 \n"));
    }

    [Test]
    public void The_size_is_the_node_s_managed_memory_in_whole_megabytes()
    {
        var boot = Boot("x2apic-gi.yaml");
        ulong managed = (ulong)boot.Nodes[0].Zones.Sum(z => (decimal)z.ManagedPages);
        Assert.That(NumactlHardware.Render(boot), Does.Contain($"node 0 size: {managed * 4096 >> 20} MB\n"));
    }

    [Test]
    public void An_offline_node_is_not_listed()
    {
        var boot = Boot("x2apic-gi.yaml");
        boot = boot with { Nodes = boot.Nodes.Select(n => n.Nid == 2 ? n with { Online = false } : n).ToList() };
        var text = NumactlHardware.Render(boot);
        Assert.That(text, Does.StartWith("available: 2 nodes (0-1)\n"));
        Assert.That(text, Does.Not.Contain("node 2"));
        Assert.That(text, Does.Contain("node   0   1 \n"));
    }

    [Test]
    public void A_distance_of_three_digits_takes_one_more_column_as_printf_pads_it()
    {
        var boot = Boot("two-socket-hotplug.yaml");
        boot = boot with { Distances = [[10, 255], [255, 10]] };
        Assert.That(NumactlHardware.Render(boot), Does.EndWith("  0:  10  255 \n  1:  255  10 \n"));
    }
}
