using Bootemu.Machine;

namespace Bootemu.Boot.Zones;

/// <summary>
/// The options find_zone_movable_pfns_for_nodes reads, and nothing else of the command line: movable_node, then
/// kernelcore=mirror, then the kernelcore=/movablecore= sizes, in that order of precedence.
/// </summary>
internal sealed record MovableZoneRequest(bool MovableNode, bool KernelcoreMirror, CoreSize Kernelcore, CoreSize Movablecore)
{
    public static MovableZoneRequest From(BootOptions options) =>
        new(options.MovableNode, options.KernelcoreMirror, options.Kernelcore, options.Movablecore);
}
