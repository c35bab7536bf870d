using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>
/// `bootemu boot --format svg|html`: the physical address space after boot in five lanes: the e820 map, the nodes, each
/// node's zones, the SRAT's hot-pluggable ranges (and hot-add capacity), and the early allocations, each allocation's
/// hover text naming the node and hot-pluggable range it sits on, so what pins a node shows on the picture. The lanes
/// are public one by one because the hotplug picture reuses those the script cannot change.
/// </summary>
public static class BootMemoryMap
{
    /// <param name="readiness">The hot-remove verdicts the text report shows, named in each node's hover text (null: not assessed).</param>
    /// <param name="blockSize">memory_block_size_bytes, to name the memory block each allocation pins; 0 to leave blocks out.</param>
    public static MemoryMapPicture Picture(BootResult boot, IReadOnlyList<NodeReadiness>? readiness, ulong blockSize) =>
        new("bootemu boot: physical memory map", Notes(boot),
        [
            E820Lane(boot),
            NodesLane(boot, readiness),
            ZonesLane(boot),
            HotpluggableLane(boot),
            AllocationsLane(boot, a => blockSize == 0 ? null : BlocksOf(a, blockSize)),
        ]);

    /// <summary>The kernel, the command line, a panic if the real kernel would not boot, and how to read the scale.</summary>
    public static IReadOnlyList<string> Notes(BootResult boot)
    {
        var notes = new List<string> { $"Linux {boot.Kernel.Version} ({boot.Kernel.Build}); command line: {(boot.Options.CommandLine.Length == 0 ? "(empty)" : boot.Options.CommandLine)}" };
        if (boot.KernelPanics is { } panic) notes.Add($"the real kernel could not boot this machine: {panic}");
        notes.Add($"Addresses grow downwards and are not to scale: each range between two labelled addresses is {AddressScale.MinSlot} px " +
                  $"tall plus {AddressScale.PerDoubling} px per doubling of its size in MiB. Hover a range for its details.");
        return notes;
    }

    public static MapLane E820Lane(BootResult boot) =>
        new("e820", "e820", boot.E820.Where(e => e.Size != 0).Select((e, i) =>
        {
            string name = E820TypeNames.KernelName(e.Type);
            return new MapSpan($"e820-{i}", e.Addr, e.Addr + e.Size, E820Class(e.Type), $"{name} {SizeText.Human(e.Size)}",
                $"e820 {Range(e.Addr, e.Addr + e.Size)}: {name}");
        }).ToList());

    public static MapLane NodesLane(BootResult boot, IReadOnlyList<NodeReadiness>? readiness) =>
        new("nodes", "nodes", boot.Nodes.Where(n => n.EndPfn > n.StartPfn).Select(n =>
        {
            var details = new List<string>
            {
                $"node {n.Nid} {Range(n.StartPfn.Address, n.EndPfn.Address)}{(n.Online ? "" : ", offline")}",
                $"{SizeText.Human(n.PresentPages << Pfn.PageShift)} present of {SizeText.Human(n.SpannedPages << Pfn.PageShift)} spanned",
                n.Cpus.Count == 0 ? "no CPUs" : $"CPUs {string.Join(",", n.Cpus)}",
            };
            if (n.MovableStartPfn is { } movable) details.Add($"ZONE_MOVABLE starts at {Printk.AltHex(movable.Address)}");
            if (readiness?.FirstOrDefault(r => r.Nid == n.Nid) is { } verdict)
                details.Add(verdict.Removable ? "hot-remove: removable" : "hot-remove: NOT removable: " + string.Join("; ", verdict.Blockers.Select(b => b.Text)));
            return new MapSpan($"node-{n.Nid}", n.StartPfn.Address, n.EndPfn.Address, n.Online ? MapStyle.NodeClass(n.Nid) : "node-offline",
                $"node {n.Nid}", string.Join("\n", details));
        }).ToList());

    public static MapLane ZonesLane(BootResult boot) =>
        new("zones", "zones", boot.Nodes.SelectMany(n => n.Zones.Where(z => z.SpannedPages != 0).Select(z =>
        {
            string name = ZoneNames.Of(z.Zone);
            return new MapSpan($"zone-{n.Nid}-{name}", z.StartPfn.Address, z.EndPfn.Address, ZoneClass(z.Zone), $"{n.Nid}: {name}",
                $"node {n.Nid}, zone {name} {Range(z.StartPfn.Address, z.EndPfn.Address)}\n" +
                $"spanned {z.SpannedPages} pages, present {z.PresentPages}, managed {z.ManagedPages}");
        })).ToList());

    public static MapLane HotpluggableLane(BootResult boot)
    {
        var spans = boot.Hotpluggable.Select((r, i) =>
        {
            var (cls, what) = !r.PresentAtBoot ? ("hp-absent", "no RAM at boot: hot-add capacity")
                : r.FlagKept ? ("hp-kept", "memblock kept its HOTPLUG mark")
                : ("hp-cleared", "HOTPLUG mark cleared: the node holds boot reservations");
            return new MapSpan($"hotpluggable-{i}", r.Base, r.End, cls, $"hot-pluggable {r.Nid}",
                $"SRAT hot-pluggable {Range(r.Base, r.End)} on node {r.Nid}\n{what}");
        });
        var capacity = boot.HotplugCapacity.Where(c => !c.Hotpluggable).Select((c, i) =>
            new MapSpan($"capacity-{i}", c.Base, c.End, "capacity", $"capacity {c.Nid}",
                $"SRAT range without RAM at boot {Range(c.Base, c.End)} on node {c.Nid}\nnot hot-pluggable: hot-add capacity only"));
        return new MapLane("hotpluggable", "hot-pluggable", spans.Concat(capacity).ToList());
    }

    /// <param name="pinsBlocks">The memory blocks an allocation holds PageReserved pages in, as a person reads them, or null when unknown.</param>
    public static MapLane AllocationsLane(BootResult boot, Func<EarlyAllocation, string?> pinsBlocks) =>
        new("allocations", "early allocations", boot.EarlyAllocations.Where(a => a.Size != 0).Select((a, i) =>
        {
            var range = boot.Hotpluggable.FirstOrDefault(r => r.PresentAtBoot && a.Base < r.End && r.Base < a.End);
            var details = new List<string>
            {
                $"{a.What} {Range(a.Base, a.End)}",
                $"asked for {(a.RequestedNid < 0 ? "any node" : $"node {a.RequestedNid}")}, sits on {(a.Nid < 0 ? "no node" : $"node {a.Nid}")}",
                range is null ? "pins no hot-pluggable memory"
                    : $"pins hot-pluggable {Printk.Mem18(range.Base, range.End - 1)} of node {range.Nid}",
            };
            if (pinsBlocks(a) is { } blocks) details.Add("holds " + blocks);
            return new MapSpan($"alloc-{i}", a.Base, a.End, range is null ? "alloc" : "alloc-pins", a.What, string.Join("\n", details));
        }).ToList());

    /// <summary>The blocks [base, end) falls in, by id, for a fixed block size.</summary>
    private static string BlocksOf(EarlyAllocation a, ulong blockSize)
    {
        ulong first = a.Base / blockSize, last = (a.End - 1) / blockSize;
        return first == last ? $"memory block {first}" : $"memory blocks {first}-{last}";
    }

    /// <summary>The printk range of [start, end) and its size.</summary>
    public static string Range(ulong start, ulong end) => $"{Printk.Mem18(start, end - 1)} ({SizeText.Human(end - start)})";

    public static string ZoneClass(ZoneType zone) => "zone-" + ZoneNames.Of(zone).ToLowerInvariant();

    private static string E820Class(E820Type type) => type switch
    {
        E820Type.Ram => "e820-ram",
        E820Type.Reserved => "e820-reserved",
        E820Type.Acpi => "e820-acpi",
        E820Type.Nvs => "e820-nvs",
        E820Type.Unusable => "e820-unusable",
        E820Type.Pmem => "e820-pmem",
        E820Type.Pram => "e820-pram",
        E820Type.ReservedKern => "e820-reserved-kern",
        E820Type.SoftReserved => "e820-soft-reserved",
        _ => "e820-reserved",
    };
}
