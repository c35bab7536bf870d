using Bootemu.Boot.Tests.Conformance;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// numa=fake= rules the 13 real emulation boots do not exercise, on the 2-node machine of srat2_default (node 0: the
/// low 2 GiB with the usual holes, node 1: [4G, 6G)). Worked by hand from numa_emulation.c.
/// </summary>
[TestFixture]
public sealed class NumaEmulationTests
{
    private static Model.BootResult Boot(string kernel, string cmdline) =>
        BootPipelineConformanceTests.Boot(ConformanceCase.Load("srat2_default", kernel), cmdline);

    private static List<string> Lines(Model.BootResult boot) => boot.Log.Select(l => l.Text).ToList();

    private static int[] Nodes(Model.BootResult boot) => boot.Nodes.Select(n => n.Nid).ToArray();

    [TestCase(RepoPaths.Linux61)]
    [TestCase(RepoPaths.Linux612)]
    public void Nodes_per_physical_node_that_are_not_a_multiple_of_32M_grow_and_the_last_takes_the_rest(string kernel)
    {
        // 2 GiB / 3 = 682.67 MiB, aligned up to FAKE_NODE_MIN_SIZE: 704 MiB, 704 MiB and what is left (640 MiB).
        var boot = Boot(kernel, "numa=fake=3U");
        Assert.That(Lines(boot).Count(l => l == "Fake node size 682MB too small, increasing to 704MB"), Is.EqualTo(2));
        Assert.That(Lines(boot), Does.Contain("Faking node 5 at [mem 0x0000000158000000-0x000000017fffffff] (640MB)"));
        Assert.That(Nodes(boot), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
    }

    [TestCase(RepoPaths.Linux61)]
    [TestCase(RepoPaths.Linux612)]
    public void Too_many_fake_nodes_are_cut_to_MAX_NUMNODES_and_then_found_too_small(string kernel)
    {
        // 6 GiB of RAM over 1,024 nodes is less than 32 MiB each: emulation is off and the SRAT's nodes stay.
        var boot = Boot(kernel, "numa=fake=2000");
        Assert.That(Lines(boot), Does.Contain("numa=fake=2000 too large, reducing to 1024"));
        Assert.That(Lines(boot), Does.Contain("Not enough memory for each node.  NUMA emulation disabled."));
        Assert.That(Nodes(boot), Is.EqualTo(new[] { 0, 1 }));
    }

    [TestCase(RepoPaths.Linux61)]
    [TestCase(RepoPaths.Linux612)]
    public void Distances_after_the_colon_are_taken_only_when_a_comma_follows(string kernel)
    {
        // get_option returns 2 for "30," and 1 for the final "40": the pair 1 -> 0 keeps the physical distance.
        var boot = Boot(kernel, "numa=fake=2:10,30,40");
        Assert.That((boot.Distances[0][1], boot.Distances[1][0]), Is.EqualTo((30, 20)));
    }

    [Test]
    public void Numa_off_still_emulates_on_the_dummy_node_on_6_1()
    {
        var boot = Boot(RepoPaths.Linux61, "numa=off numa=fake=2");
        Assert.That(Lines(boot), Does.Contain("Faking node 1 at [mem 0x0000000100000000-0x000000017fffffff] (2048MB)"));
        Assert.That(Nodes(boot), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Numa_off_makes_6_12_drop_the_fake_nodes_it_printed()
    {
        // fix_pxm_node_maps refuses under numa_off after the split has printed its lines: one node stays.
        var boot = Boot(RepoPaths.Linux612, "numa=off numa=fake=2");
        Assert.That(Lines(boot), Does.Contain("Faking node 1 at [mem 0x0000000100000000-0x000000017fffffff] (2048MB)"));
        Assert.That(Lines(boot), Has.None.StartsWith("NUMA: Initialized distance table"));
        Assert.That(Nodes(boot), Is.EqualTo(new[] { 0 }));
    }

    [TestCase(RepoPaths.Linux61)]
    [TestCase(RepoPaths.Linux612)]
    public void A_lowercase_size_suffix_is_read_as_a_node_count(string kernel)
    {
        // strchr looks for 'M' and 'G' only, so "8g" is simple_strtoul's 8: eight 512 MiB nodes, where "8G" gives each
        // physical node (less than 8 GiB of RAM) one.
        Assert.That(Nodes(Boot(kernel, "numa=fake=8g")), Is.EqualTo(Enumerable.Range(0, 8)));
        Assert.That(Nodes(Boot(kernel, "numa=fake=8G")), Is.EqualTo(new[] { 0, 1 }));
    }
}
