using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// The lines dump_page (mm/debug.c) prints when offline_pages' isolation meets an unmovable page
/// (set_migratetype_isolate with REPORT_FAILURE), as far as bootemu can know them. Left out: the "page:" line and the
/// "raw:" lines, which carry the page's pfn (where in the block the page sits) and kernel pointers; bootemu knows which
/// kind of page stops the offline, not which page it is.
/// </summary>
internal static class PageDump
{
    /// <summary>The reason has_unmovable_pages' caller gives.</summary>
    public const string Because = "page dumped because: unmovable page";

    /// <summary>
    /// The lines for the page that refuses <paramref name="block"/>: a PageReserved page when the boot left reserved
    /// pages in it, else one of the kernel's slab pages; for the script's unmovable pages and hot-add memmaps, whose kind
    /// of page bootemu does not model, only the reason line.
    /// </summary>
    public static IEnumerable<string> Lines(KernelModel kernel, MemoryBlock block, OfflineObstacleKind obstacle)
    {
        var bits = kernel.PageFlags;
        if (obstacle == OfflineObstacleKind.PageReserved)
            yield return FlagsLine(block, "reserved", bits.ReservedBit);
        else if (!block.Slab.IsEmpty)
        {
            yield return FlagsLine(block, bits.SlabBit is null ? null : "slab", bits.SlabBit);
            if (bits.SlabPageType is { } type) yield return $"page_type: {type:x}(slab)";
        }
        yield return Because;
    }

    /// <summary>
    /// %pGp of the page's flags: the value, then the set flag's name and the node, zone and lastcpupid fields. The
    /// pages offline meets are untouched by NUMA balancing, so lastcpupid holds its reset value.
    /// </summary>
    private static string FlagsLine(MemoryBlock block, string? flagName, int? bit)
    {
        var zone = block.Zone!.Value;
        ulong value = ((ulong)block.Nid << DebianKernelBuild.PageFlagsNodeShift)
                      | ((ulong)zone << DebianKernelBuild.PageFlagsZoneShift)
                      | (DebianKernelBuild.PageFlagsLastCpupidReset << DebianKernelBuild.PageFlagsLastCpupidShift)
                      | (bit is { } b ? 1UL << b : 0);
        string fields = $"node={block.Nid}|zone={(int)zone}|lastcpupid=0x{DebianKernelBuild.PageFlagsLastCpupidReset:x}";
        return $"flags: 0x{value:x}({(flagName is null ? "" : flagName + "|")}{fields})";
    }
}
