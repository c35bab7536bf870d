using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Derived;

/// <summary>
/// How memory hotplug treats derived-zone memory in bootemu's derived-zones experiment (not Linux): a memory block
/// holding pages of a derived zone is busy (its blocks are out of the page allocator, so nothing can isolate or
/// migrate them), and a node with a derived zone cannot be removed; delete_zone first.
/// </summary>
internal static class DerivedZoneRules
{
    /// <summary>Why the block cannot go offline (it holds derived-zone pages).</summary>
    public static string OfflineRefusal(HotplugMachine m, MemoryBlock block)
    {
        var holders = m.DerivedZones.Select(z => (z.Name, Pages: z.PagesIn(block.StartPfn, block.EndPfn))).Where(h => h.Pages != 0);
        return $"{string.Join(", ", holders.Select(h => $"{h.Pages} pages of the block belong to derived zone {h.Name}"))} " +
               $"({Experiments.Tag}): a block holding derived-zone memory is busy until delete_zone gives it back";
    }

    /// <summary>Why the node cannot be removed, or null when it has no derived zone.</summary>
    public static string? RemoveNodeRefusal(HotplugMachine m, int nid)
    {
        var zones = m.DerivedZones.Where(z => z.Nid == nid).ToList();
        return zones.Count == 0 ? null
            : $"node {nid} has derived zones {string.Join(", ", zones.Select(z => $"{z.Name} (from {ZoneNames.Of(z.Base)}, {z.Present} pages)"))} " +
              $"({Experiments.Tag}): delete_zone each before removing the node";
    }
}
