using System.Collections.Immutable;
using System.Text;

namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>A colour class of the map and what the legend calls it.</summary>
/// <param name="Rule">The CSS declarations of <c>.Class rect</c>.</param>
public sealed record MapClass(string Class, string Rule, string Label);

/// <summary>
/// The colours of the memory map, one CSS class each, and their legend. Spans carry classes, never colours, so the
/// SVG's style sheet is the one place that decides how things look, and the legend lists exactly the classes drawn.
/// </summary>
public static class MapStyle
{
    /// <summary>Every class with a legend entry, in legend order.</summary>
    public static readonly ImmutableArray<MapClass> Classes =
    [
        new("e820-ram", "fill:#7fc97f", "e820 usable (RAM)"),
        new("e820-reserved", "fill:#bdbdbd", "e820 reserved"),
        new("e820-acpi", "fill:#fdc086", "e820 ACPI data"),
        new("e820-nvs", "fill:#f0a35e", "e820 ACPI NVS"),
        new("e820-unusable", "fill:#e7298a", "e820 unusable"),
        new("e820-pmem", "fill:#beaed4", "e820 persistent (type 7)"),
        new("e820-pram", "fill:#9e9ac8", "e820 persistent (type 12)"),
        new("e820-reserved-kern", "fill:#a0a0a0", "e820 reserved by the kernel"),
        new("e820-soft-reserved", "fill:#d9d9d9", "e820 soft reserved"),
        new("node-offline", "fill:#f4f4f4;stroke-dasharray:4 3", "node without memory at boot (offline)"),
        new("zone-dma", "fill:#fbb4ae", "zone DMA"),
        new("zone-dma32", "fill:#fed9a6", "zone DMA32"),
        new("zone-normal", "fill:#b3cde3", "zone Normal"),
        new("zone-movable", "fill:#ccebc5", "zone Movable"),
        new("zone-device", "fill:#decbe4", "zone Device"),
        new("hp-kept", "fill:#a6d854", "hot-pluggable, HOTPLUG mark kept"),
        new("hp-cleared", "fill:#fc8d62", "hot-pluggable, HOTPLUG mark cleared (boot reservations on its node)"),
        new("hp-absent", "fill:#e5f5e0;stroke-dasharray:4 3", "hot-pluggable, no RAM at boot"),
        new("capacity", "fill:#f2f2f2;stroke-dasharray:4 3", "hot-add capacity (not hot-pluggable)"),
        new("alloc", "fill:#8da0cb", "early allocation"),
        new("alloc-pins", "fill:#e41a1c", "early allocation in hot-pluggable memory (pins it)"),
        new("hot-added", "fill:#80b1d3", "hot-added System RAM"),
        new("block-offline", "fill:#f0f0f0;stroke-dasharray:3 2", "memory block offline"),
        new("block-mixed", "fill:#d0d0e0", "memory block online in several zones"),
        new("block-pinned", "stroke:#e41a1c;stroke-width:2", "memory block holding boot reservations"),
    ];

    /// <summary>Fills for nodes, by nid modulo their count: a node's colour only tells it from its neighbours.</summary>
    public static readonly ImmutableArray<string> NodeFills = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5"];

    /// <summary>The class that colours node <paramref name="nid"/>.</summary>
    public static string NodeClass(int nid) => $"node-c{nid % NodeFills.Length}";

    /// <summary>The style sheet embedded in the SVG.</summary>
    public static string Css()
    {
        var css = new StringBuilder();
        css.Append("svg.memory-map{font-family:sans-serif;font-size:11px}");
        css.Append(".span rect{stroke:#555;stroke-width:0.6}");
        css.Append(".span:hover rect{stroke:#000;stroke-width:2}");
        css.Append(".legend rect{fill:#fff;stroke:#555;stroke-width:0.6}");
        css.Append(".span text,.legend text{fill:#222}");
        css.Append(".addr{font-family:monospace;font-size:10px;fill:#444}");
        css.Append(".grid{stroke:#ddd;stroke-width:0.5}");
        css.Append(".lane-name{font-weight:bold}");
        css.Append(".title{font-size:16px;font-weight:bold}");
        for (int i = 0; i < NodeFills.Length; i++) css.Append($".node-c{i} rect{{fill:{NodeFills[i]}}}");
        foreach (var c in Classes) css.Append($".{c.Class} rect{{{c.Rule}}}");
        return css.ToString();
    }
}
