using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Core;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// `bootemu hotplug --format svg|html`: the memory map after the script. The lanes the script cannot change (e820,
/// the SRAT's hot-pluggable ranges, the early allocations) come from the boot; nodes and zones are the machine's spans
/// after the script, hot-added ranges get a lane of their own, and every memory block is drawn coloured by state and
/// zone, outlined when boot reservations pin it, its hover text saying what holds its pages.
/// </summary>
public static class HotplugMemoryMap
{
    public static MemoryMapPicture Picture(BootResult boot, ScriptRun run)
    {
        var m = run.Final;
        var lanes = new List<MapLane>
        {
            BootMemoryMap.E820Lane(boot),
            NodesLane(m),
            ZonesLane(m),
            BootMemoryMap.HotpluggableLane(boot),
        };
        if (m.Added.Length > 0) lanes.Add(HotAddedLane(m));
        lanes.Add(BootMemoryMap.AllocationsLane(boot, a => PinnedBlocks(m, a)));
        lanes.Add(BlocksLane(m));

        int failed = run.Steps.Count(s => !s.Skipped && s.Error is not null), skipped = run.Steps.Count(s => s.Skipped);
        var notes = new List<string>(BootMemoryMap.Notes(boot));
        notes.Insert(1, $"after the script: {run.Steps.Count} steps, {run.Steps.Count - failed - skipped} succeeded, {failed} failed, {skipped} skipped; " +
                        $"memory blocks of {SizeText.Human(m.BlockSize)}");
        return new MemoryMapPicture("bootemu hotplug: physical memory map after the script", notes, lanes);
    }

    /// <summary>Each possible node's span after the script: the union of its zones' spans (update_pgdat_span).</summary>
    private static MapLane NodesLane(HotplugMachine m) =>
        new("nodes", "nodes", m.PossibleNodes.Select(nid => (nid, zones: m.ZonesOf(nid).Where(z => !z.IsEmpty).ToList()))
            .Where(n => n.zones.Count > 0)
            .Select(n =>
            {
                ulong start = n.zones.Min(z => z.Start.Address), end = n.zones.Max(z => z.End.Address);
                ulong present = n.zones.Aggregate(0UL, (sum, z) => sum + z.Present);
                bool online = m.OnlineNodes.Contains(n.nid);
                var cpus = m.Cpus.TryGetValue(n.nid, out var c) ? c : [];
                return new MapSpan($"node-{n.nid}", start, end, online ? MapStyle.NodeClass(n.nid) : "node-offline", $"node {n.nid}",
                    $"node {n.nid} {BootMemoryMap.Range(start, end)}{(online ? "" : ", offline")}\n" +
                    $"{SizeText.Human(present << Pfn.PageShift)} present of {SizeText.Human(m.NodeSpannedPages(n.nid) << Pfn.PageShift)} spanned\n" +
                    (cpus.Length == 0 ? "no CPUs" : $"CPUs {string.Join(",", cpus)}"));
            }).ToList());

    private static MapLane ZonesLane(HotplugMachine m) =>
        new("zones", "zones", m.Zones.Values.Where(z => !z.IsEmpty).OrderBy(z => z.Nid).ThenBy(z => z.Zone).Select(z =>
            new MapSpan($"zone-{z.Nid}-{z.Name}", z.Start.Address, z.End.Address, BootMemoryMap.ZoneClass(z.Zone), $"{z.Nid}: {z.Name}",
                $"node {z.Nid}, zone {z.Name} {BootMemoryMap.Range(z.Start.Address, z.End.Address)}\n" +
                $"spanned {z.Spanned} pages, present {z.Present} (boot memory {z.PresentEarly})")).ToList());

    private static MapLane HotAddedLane(HotplugMachine m) =>
        new("hotadded", "hot-added", m.Added.Select((a, i) =>
            new MapSpan($"hotadded-{i}", a.Base, a.End, "hot-added", $"hot-added {SizeText.Human(a.Size)}",
                $"hot-added System RAM {BootMemoryMap.Range(a.Base, a.End)}" +
                (a.MemmapIn.Length == 0 ? "" : "\nits memmap in " + string.Join(", ", a.MemmapIn.Select(x => $"memory{x.Block} ({x.Pages} pages)"))))).ToList());

    private static MapLane BlocksLane(HotplugMachine m) =>
        new("blocks", "memory blocks", SysfsView.Blocks(m).Zip(m.Blocks.Values).Select(pair =>
        {
            var (sysfs, b) = pair;
            string colour = b.State == BlockState.Offline ? "block-offline" : b.Zone is { } zone ? BootMemoryMap.ZoneClass(zone) : "block-mixed";
            string zoneText = b.State == BlockState.Offline ? "offline" : b.Zone is { } z ? ZoneNames.Of(z) : "several zones";
            var details = new List<string>
            {
                $"memory{b.Id} {BootMemoryMap.Range(b.Base, b.Base + b.Size)}",
                $"{sysfs.State}, node{(b.Nodes.Length == 1 ? "" : "s")} {string.Join(",", b.Nodes)}, {(b.State == BlockState.Online ? "zone " : "")}{zoneText}",
                $"valid_zones: {string.Join(" ", sysfs.ValidZones)}",
            };
            if (b.Group is { } group) details.Add($"memory group {group}");
            if (b.HasHoles) details.Add($"holes: {b.Pages - b.SystemRamPages} pages are not System RAM");
            if (b.ReservedBy.Length > 0) details.Add("pinned by: " + string.Join(", ", b.ReservedBy.Select(a => a.What).Distinct()));
            if (b.VmemmapPages > 0) details.Add($"its own memmap: {b.VmemmapPages} pages");
            if (b.Slab.Length > 0) details.Add("kernel slab: " + string.Join(", ", b.Slab.Select(s => $"{s.Owner} {s.Pages} pages")));
            if (b.Used.Count > 0) details.Add("in use: " + string.Join(", ", b.Used.OrderBy(u => u.Key).Select(u => $"{u.Key.Name()} {u.Value} pages")));
            if (b.State == BlockState.Online) details.Add($"free: {b.FreePages} pages");
            return new MapSpan($"block-{b.Id}", b.Base, b.Base + b.Size, b.ReservedBy.Length > 0 ? colour + " block-pinned" : colour,
                $"{b.Id} {zoneText}", string.Join("\n", details));
        }).ToList());

    /// <summary>The blocks whose PageReserved pages the allocation holds, as the block table names them.</summary>
    private static string? PinnedBlocks(HotplugMachine m, EarlyAllocation a)
    {
        var ids = m.Blocks.Values.Where(b => b.ReservedBy.Contains(a)).Select(b => $"memory{b.Id}").ToList();
        return ids.Count == 0 ? null : string.Join(", ", ids);
    }
}
