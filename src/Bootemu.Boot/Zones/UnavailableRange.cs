using Bootemu.Boot.Model;

namespace Bootemu.Boot.Zones;

/// <summary>
/// One init_unavailable_range call that found pages: pfns in a hole that got reserved struct pages,
/// attributed to a zone of a node.
/// </summary>
internal sealed record UnavailableRange(int Nid, ZoneType Zone, ulong Pages)
{
    /// <summary>The line memmap_init prints for it.</summary>
    public string LogLine => $"On node {Nid}, zone {ZoneNames.Of(Zone)}: {Pages} pages in unavailable ranges";
}
