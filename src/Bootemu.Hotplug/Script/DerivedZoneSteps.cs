using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Derived;

namespace Bootemu.Hotplug.Script;

/// <summary>
/// derive_zone: {name, node, base, size, range} — bootemu's derived-zones experiment, not Linux: a zone carved out of
/// the node's base zone from whole free MAX_ORDER blocks, inside [range.start, range.end) when a range is given.
/// </summary>
internal sealed record DeriveZoneStep(string Location, string Name, int Node, ZoneType Base, ulong Size, string SizeLocation, (ulong Start, ulong End)? Range)
    : HotplugStep(Location)
{
    public override string Describe() =>
        $"derive_zone {Name}: {AllocStep.SizeText(Size)} from node {Node} {ZoneNames.Of(Base)}"
        + (Range is { } r ? $" inside [mem {Printk.AltHex(r.Start, 10)}-{Printk.AltHex(r.End - 1, 10)}]" : "")
        + $" ({Experiments.Tag})";

    public override string? Experiment => Experiments.DerivedZones;

    /// <summary>The range as pfns: the MAX_ORDER blocks wholly inside it qualify.</summary>
    public (Pfn Start, Pfn End)? PfnRange => Range is { } r ? PfnRanges.Inside(r.Start, r.End) : null;
}

/// <summary>delete_zone: name — a derived zone whose pages are all free goes back to its base zone (bootemu experiment, not Linux).</summary>
internal sealed record DeleteZoneStep(string Location, string Name) : HotplugStep(Location)
{
    public override string Describe() => $"delete_zone {Name} ({Experiments.Tag})";

    public override string? Experiment => Experiments.DerivedZones;
}
