namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>
/// One range drawn on the memory map: [<paramref name="Start"/>, <paramref name="End"/>) in one lane.
/// <paramref name="Classes"/> are the CSS classes that colour it (see <see cref="MapStyle"/>), <paramref name="Label"/> the
/// short text drawn inside it, <paramref name="Details"/> what hovering shows (its SVG title).
/// </summary>
public sealed record MapSpan(string Id, ulong Start, ulong End, string Classes, string Label, string Details);

/// <summary>One column of the map: a layer of the machine (e820, nodes, zones, ...), its ranges in address order.</summary>
public sealed record MapLane(string Id, string Name, IReadOnlyList<MapSpan> Spans);

/// <summary>
/// What a memory-map picture shows, before any drawing: a title, a few lines saying what machine and kernel it is,
/// and the lanes. The SVG and HTML writers only lay this out.
/// </summary>
public sealed record MemoryMapPicture(string Title, IReadOnlyList<string> Notes, IReadOnlyList<MapLane> Lanes);
