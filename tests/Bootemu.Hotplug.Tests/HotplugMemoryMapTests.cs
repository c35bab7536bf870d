using System.Xml.Linq;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Tests;

/// <summary>`bootemu hotplug --format svg`: the memory map after the script, with every memory block drawn by state and zone.</summary>
public class HotplugMemoryMapTests
{
    private static readonly XNamespace Svg = MemoryMapSvg.Namespace;

    /// <summary>The real qemu_numa2_pcdimm boot with 1 GiB hot-added to node 1 (blocks 48-55, offline) and block 40 offlined.</summary>
    private static (XElement Svg, HotplugMachine Machine) AfterScript()
    {
        var boot = ExpectedBoot.Load("qemu_numa2_pcdimm");
        var m = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
        m = HotAdd.Add(m, 0x180000000, 1UL << 30, 1, new KernelLog()).Machine;
        m = BlockOffline.Offline(m, 40, new KernelLog()).Machine;
        var picture = HotplugMemoryMap.Picture(boot, new ScriptRun(m, []));
        return (XElement.Parse(MemoryMapSvg.Render(picture)), m);
    }

    private static Dictionary<string, XElement> Spans(XElement svg, string lane) =>
        svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class") ?? "").StartsWith($"span {lane} ", StringComparison.Ordinal))
            .ToDictionary(g => g.Attribute("id")!.Value);

    private static string Classes(XElement g) => g.Attribute("class")!.Value;

    private static string Title(XElement g) => g.Element(Svg + "title")!.Value;

    [Test]
    public void Every_memory_block_is_one_range_with_its_sysfs_name_and_range()
    {
        var (svg, m) = AfterScript();
        var blocks = Spans(svg, "blocks");
        Assert.That(blocks.Keys, Is.EqualTo(m.Blocks.Keys.Select(id => $"block-{id}")));
        Assert.That(Title(blocks["block-32"]), Does.StartWith("memory32 [mem 0x0000000100000000-0x0000000107ffffff] (128 MiB)"));
    }

    [Test]
    public void Blocks_are_coloured_by_state_and_zone()
    {
        var blocks = Spans(AfterScript().Svg, "blocks");
        Assert.That(Classes(blocks["block-1"]), Does.Contain("zone-dma32"));
        Assert.That(Classes(blocks["block-32"]), Does.Contain("zone-normal"));
        Assert.That(Classes(blocks["block-40"]), Does.Contain("block-offline").And.Not.Contain("zone-"));
        Assert.That(Classes(blocks["block-48"]), Does.Contain("block-offline"));
        Assert.That(Classes(blocks["block-0"]), Does.Contain("block-mixed"), "memory0 holds DMA and DMA32");
        Assert.That(Title(blocks["block-48"]), Does.Contain("valid_zones: Normal Movable"));
    }

    [Test]
    public void A_block_holding_NODE_DATA_is_outlined_as_pinned_and_the_allocation_names_it()
    {
        var (svg, m) = AfterScript();
        var pinned = m.Blocks.Values.Single(b => b.ReservedBy.Any(a => a.What == "NODE_DATA(1)"));
        var block = Spans(svg, "blocks")[$"block-{pinned.Id}"];
        Assert.That(Classes(block), Does.Contain("block-pinned"));
        Assert.That(Title(block), Does.Contain("pinned by: NODE_DATA(1)"));
        var allocation = Spans(svg, "allocations").Values.Single(g => Title(g).StartsWith("NODE_DATA(1) ", StringComparison.Ordinal));
        Assert.That(Title(allocation), Does.Contain($"holds memory{pinned.Id}"));
    }

    [Test]
    public void Hot_added_memory_gets_its_own_lane_and_the_nodes_and_zones_are_the_machine_s_after_the_script()
    {
        var (svg, m) = AfterScript();
        Assert.That(Spans(svg, "hotadded").Values.Select(g => (string?)g.Attribute("data-start")), Is.EqualTo(new[] { "0x180000000" }));
        Assert.That(Spans(svg, "zones").Keys, Is.EquivalentTo(m.Zones.Values.Where(z => !z.IsEmpty).Select(z => $"zone-{z.Nid}-{z.Name}")));
        Assert.That(Spans(svg, "nodes").Keys, Is.EqualTo(new[] { "node-0", "node-1" }));
    }

    [Test]
    public void The_notes_say_how_the_script_went_and_the_block_size()
    {
        var notes = AfterScript().Svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "note").Select(t => t.Value);
        Assert.That(notes, Has.Some.EqualTo("after the script: 0 steps, 0 succeeded, 0 failed, 0 skipped; memory blocks of 128 MiB"));
    }
}
