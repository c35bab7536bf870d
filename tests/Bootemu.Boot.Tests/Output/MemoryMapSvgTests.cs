using System.Globalization;
using System.Xml.Linq;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Core.Logging;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>`bootemu boot --format svg`: the structure of the memory-map picture of a booted machine.</summary>
public class MemoryMapSvgTests
{
    private static readonly XNamespace Svg = MemoryMapSvg.Namespace;

    /// <summary>The default machine: two nodes, node 1 (32 GiB) hot-pluggable.</summary>
    private static BootResult Boot(string cmdline)
    {
        var machine = MachineLoader.LoadFixture(Path.Combine(RepoPaths.Root, "firmware-tables", "two-socket-hotplug.yaml"));
        return BootPipeline.Run(machine, KernelCommandLine.Parse(cmdline), new KernelLog(), KernelModel.Linux612);
    }

    private static XElement Picture(BootResult boot, ulong blockSize = 128UL << 20) =>
        XElement.Parse(MemoryMapSvg.Render(BootMemoryMap.Picture(boot, null, blockSize)));

    private static List<XElement> Spans(XElement svg, string lane) =>
        svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class") ?? "").Split(' ') is ["span", var l, ..] && l == lane).ToList();

    private static string Title(XElement g) => g.Element(Svg + "title")!.Value;

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Test]
    public void The_picture_is_an_svg_document_whose_view_box_is_its_size()
    {
        var svg = Picture(Boot("movable_node"));
        Assert.That(svg.Name, Is.EqualTo(Svg + "svg"));
        Assert.That((string?)svg.Attribute("viewBox"), Is.EqualTo($"0 0 {svg.Attribute("width")!.Value} {svg.Attribute("height")!.Value}"));
    }

    [Test]
    public void Every_e820_entry_is_one_range_titled_with_its_printk_range_and_type()
    {
        var boot = Boot("movable_node");
        var spans = Spans(Picture(boot), "e820");
        Assert.That(spans, Has.Count.EqualTo(boot.E820.Count));
        int i = boot.E820.ToList().FindIndex(e => e.Type == Bootemu.Machine.E820.E820Type.Ram);
        var ram = boot.E820[i];
        Assert.That(spans[i].Attribute("id")!.Value, Is.EqualTo($"e820-{i}"));
        Assert.That(spans[i].Attribute("class")!.Value, Does.Contain("e820-ram"));
        Assert.That(Title(spans[i]), Does.StartWith($"e820 [mem 0x{ram.Addr:x16}-0x{ram.Addr + ram.Size - 1:x16}]").And.EndWith("usable"));
        Assert.That((string?)spans[i].Attribute("data-end"), Is.EqualTo($"0x{ram.Addr + ram.Size:x}"));
    }

    [Test]
    public void Every_node_with_memory_and_every_spanned_zone_is_one_range()
    {
        var boot = Boot("movable_node");
        var svg = Picture(boot);
        Assert.That(Spans(svg, "nodes").Select(g => g.Attribute("id")!.Value), Is.EqualTo(new[] { "node-0", "node-1" }));
        var zones = boot.Nodes.SelectMany(n => n.Zones.Where(z => z.SpannedPages != 0).Select(z => $"zone-{n.Nid}-{ZoneNames.Of(z.Zone)}"));
        Assert.That(Spans(svg, "zones").Select(g => g.Attribute("id")!.Value), Is.EqualTo(zones));
        Assert.That(Spans(svg, "zones").Single(g => g.Attribute("id")!.Value == "zone-1-Movable").Attribute("class")!.Value, Does.Contain("zone-movable"));
    }

    [Test]
    public void With_movable_node_the_hot_pluggable_range_keeps_its_mark_and_nothing_pins_it()
    {
        var svg = Picture(Boot("movable_node"));
        Assert.That(Spans(svg, "hotpluggable").Single().Attribute("class")!.Value, Does.Contain("hp-kept"));
        Assert.That(Spans(svg, "allocations").Where(g => g.Attribute("class")!.Value.Contains("alloc-pins", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Without_movable_node_allocations_on_node_1_are_drawn_as_pinning_its_hot_pluggable_range_and_name_their_block()
    {
        var boot = Boot("");
        var svg = Picture(boot);
        Assert.That(Spans(svg, "hotpluggable").Single().Attribute("class")!.Value, Does.Contain("hp-cleared"));
        var nodeData = boot.EarlyAllocations.Single(a => a.What == "NODE_DATA(1)");
        var span = Spans(svg, "allocations").Single(g => Title(g).StartsWith("NODE_DATA(1) ", StringComparison.Ordinal));
        Assert.That(span.Attribute("class")!.Value, Does.Contain("alloc-pins"));
        Assert.That(Title(span), Does.Contain("pins hot-pluggable [mem 0x0000000880000000-0x000000107fffffff] of node 1"));
        Assert.That(Title(span), Does.Contain($"holds memory block {nodeData.Base / (128UL << 20)}"));
    }

    [Test]
    public void Every_range_is_drawn_at_least_the_minimum_slot_tall()
    {
        var rects = Picture(Boot("")).Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class") ?? "").StartsWith("span ", StringComparison.Ordinal))
            .Select(g => g.Element(Svg + "rect")!).ToList();
        Assert.That(rects, Is.Not.Empty);
        Assert.That(rects.Select(r => Number(r, "height")), Has.All.GreaterThanOrEqualTo(AddressScale.MinSlot - 0.01));
    }

    [Test]
    public void The_legend_lists_exactly_the_colour_classes_drawn()
    {
        var svg = Picture(Boot("movable_node"));
        var drawn = svg.Descendants(Svg + "g").Select(g => (string?)g.Attribute("class") ?? "").Where(c => c.StartsWith("span ", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ')).ToHashSet();
        var legend = svg.Descendants(Svg + "g").Select(g => (string?)g.Attribute("class") ?? "").Where(c => c.StartsWith("legend-entry ", StringComparison.Ordinal))
            .Select(c => c["legend-entry ".Length..]).ToList();
        Assert.That(legend, Is.EquivalentTo(MapStyle.Classes.Select(c => c.Class).Where(drawn.Contains)));
        Assert.That(legend, Does.Contain("e820-ram").And.Contain("hp-kept").And.Not.Contain("alloc-pins"));
    }

    [Test]
    public void Every_boundary_has_its_address_in_the_gutter()
    {
        var boot = Boot("movable_node");
        var addresses = Picture(boot).Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "addr").Select(t => t.Value).ToList();
        Assert.That(addresses, Does.Contain("0x0").And.Contain($"0x{boot.E820[0].Size:x}").And.Contain("0x1080000000"));
        Assert.That(addresses, Is.Unique);
    }

    [Test]
    public void Names_from_the_input_are_escaped()
    {
        var picture = new MemoryMapPicture("a <map> & \"more\"", ["note <b>"],
            [new MapLane("test", "lane & co", [new MapSpan("s-0", 0, 0x1000, "alloc", "<script>", "x < y & z")])]);
        var svg = XElement.Parse(MemoryMapSvg.Render(picture));
        Assert.That(svg.Element(Svg + "title")!.Value, Is.EqualTo("a <map> & \"more\""));
        Assert.That(Title(Spans(svg, "test").Single()), Is.EqualTo("x < y & z"));
        Assert.That(svg.Descendants(Svg + "script"), Is.Empty);
    }

    [Test]
    public void Characters_xml_cannot_hold_become_replacement_characters_and_surrogate_pairs_stay()
    {
        var picture = new MemoryMapPicture("t", ["cmdline: a\u0001b \ud800 \U0001F600"], [new MapLane("test", "l", [new MapSpan("s-0", 0, 0x1000, "alloc", "ACPI table \u0000\u001f", "x")])]);
        var svg = XElement.Parse(MemoryMapSvg.Render(picture));
        Assert.That(svg.Descendants(Svg + "text").Select(t => t.Value), Does.Contain("cmdline: a\uFFFDb \uFFFD \U0001F600").And.Contain("ACPI table \uFFFD\uFFFD"));
    }

    [Test]
    public void Overlapping_ranges_of_one_lane_are_drawn_side_by_side()
    {
        var picture = new MemoryMapPicture("t", [],
            [new MapLane("nodes", "nodes", [new MapSpan("a", 0, 0x4000, "node-c0", "a", "a"), new MapSpan("b", 0x2000, 0x6000, "node-c1", "b", "b"), new MapSpan("c", 0x4000, 0x8000, "node-c2", "c", "c")])]);
        var x = Spans(XElement.Parse(MemoryMapSvg.Render(picture)), "nodes").ToDictionary(g => g.Attribute("id")!.Value, g => Number(g.Element(Svg + "rect")!, "x"));
        Assert.That(x["b"], Is.Not.EqualTo(x["a"]));
        Assert.That(x["c"], Is.EqualTo(x["a"]), "c starts where a ends, so it reuses a's track");
    }

    [Test]
    public void The_html_page_embeds_the_same_svg_and_loads_nothing_from_elsewhere()
    {
        var picture = BootMemoryMap.Picture(Boot("movable_node"), null, 128UL << 20);
        string html = MemoryMapHtml.Render(picture);
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain(MemoryMapSvg.Render(picture)));
        Assert.That(html, Does.Not.Contain("src=").And.Not.Contain("href=").And.Not.Contain("@import").And.Not.Contain("url("));
        Assert.That(html, Does.Contain("<aside id=\"details\"").And.Contain("data-spans-wired"));
    }
}
