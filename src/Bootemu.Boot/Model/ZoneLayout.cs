using Bootemu.Core;

namespace Bootemu.Boot.Model;

/// <summary>
/// One zone of one node after free_area_init: where it starts, how many pfns it spans
/// (holes included) and how many of those are present (backed by memblock memory).
/// </summary>
public sealed record ZoneLayout(ZoneType Zone, Pfn StartPfn, ulong SpannedPages, ulong PresentPages)
{
    public Pfn EndPfn => StartPfn + SpannedPages;
    public bool IsPopulated => PresentPages != 0;
}
