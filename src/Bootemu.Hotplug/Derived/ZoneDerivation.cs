using System.Collections.Immutable;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Derived;

/// <summary>
/// derive_zone and delete_zone of bootemu's derived-zones experiment (not Linux). A derived zone is made of whole free
/// MAX_ORDER blocks of its base zone on one node, the lowest that qualify first; it goes back only when all its pages are
/// free. The base zone keeps spanning and presenting the memory (it is still its node's); its managed and free pages
/// shrink, since its page allocator no longer holds the blocks.
/// </summary>
internal static class ZoneDerivation
{
    public static HotplugOutcome Derive(HotplugMachine m, string name, int nid, ZoneType @base, ulong bytes, (Pfn Start, Pfn End)? range)
    {
        if (Find(m, name) is not null)
            return HotplugOutcome.Fail(m, Errno.EEXIST, $"a derived zone named {name} exists already");
        ulong n = m.Kernel.MaxOrderBlockPages;
        ulong needed = (bytes >> Pfn.PageShift) / n;

        var censuses = PageAllocator.ZoneBlocks(m, nid, @base).Select(b => MaxOrderBlocks.Census(m, b, range)).ToList();
        var free = censuses.SelectMany(c => c.Free).ToList();
        string zone = $"node {nid} {ZoneNames.Of(@base)}";
        if ((ulong)free.Count < needed)
            return HotplugOutcome.Fail(m, Errno.ENOMEM,
                $"{zone} has {free.Count} whole free MAX_ORDER blocks ({SizeText.Human(n << Pfn.PageShift)} each){Within(range)}, " +
                $"{needed} needed for {bytes >> 20} MiB: {WhereTheyWent(censuses)}");

        var taken = free.Take((int)needed).ToImmutableArray();
        var derived = new DerivedZone { Name = name, Nid = nid, Base = @base, BlockPages = n, MaxOrderBlocks = taken };
        m = Move(m, taken, n, +1) with { DerivedZones = m.DerivedZones.Add(derived) };
        return HotplugOutcome.Ok(m,
            $"moved {needed} whole free MAX_ORDER blocks of {zone} into derived zone {name} " +
            $"([mem {Printk.AltHex(derived.Start.Address, 10)}-{Printk.AltHex(derived.End.Address - 1, 10)}], memory blocks {MemoryBlocks(m, derived)})");
    }

    public static HotplugOutcome Delete(HotplugMachine m, string name)
    {
        if (Find(m, name) is not { } zone) return NoSuchZone(m, name);
        if (zone.UsedPages != 0)
            return HotplugOutcome.Fail(m, Errno.EBUSY,
                $"derived zone {name} has {zone.UsedPages} of its {zone.Present} pages in use ({Kinds(zone)}); " +
                $"it goes back to node {zone.Nid} {ZoneNames.Of(zone.Base)} only when every page is free");
        m = Move(m, zone.MaxOrderBlocks, zone.BlockPages, -1) with { DerivedZones = m.DerivedZones.Remove(zone) };
        return HotplugOutcome.Ok(m,
            $"gave {zone.MaxOrderBlocks.Length} MAX_ORDER blocks ({zone.Present} pages) back to node {zone.Nid} {ZoneNames.Of(zone.Base)}");
    }

    public static DerivedZone? Find(HotplugMachine m, string name) => m.DerivedZones.FirstOrDefault(z => z.Name == name);

    public static HotplugOutcome NoSuchZone(HotplugMachine m, string name) =>
        HotplugOutcome.Fail(m, Errno.ENOENT,
            $"no derived zone named {name} (derived zones now: {(m.DerivedZones.IsEmpty ? "none" : string.Join(", ", m.DerivedZones.Select(z => z.Name)))})");

    /// <summary>The memory blocks holding the zone's pages, as id ranges.</summary>
    public static string MemoryBlocks(HotplugMachine m, DerivedZone zone) =>
        PageAllocator.BlockList(zone.MaxOrderBlocks.Select(p => (long)(p.Value / m.PagesPerBlock)));

    public static string Kinds(DerivedZone zone) =>
        string.Join(", ", zone.Used.OrderBy(u => u.Key).Select(u => $"{u.Key.Name()} {u.Value}"));

    /// <summary>Moves MAX_ORDER blocks into (+1) or out of (-1) derived zones in the accounting of their memory blocks.</summary>
    private static HotplugMachine Move(HotplugMachine m, IEnumerable<Pfn> maxOrderBlocks, ulong pages, int sign)
    {
        foreach (var group in maxOrderBlocks.GroupBy(p => (long)(p.Value / m.PagesPerBlock)))
        {
            var block = m.Blocks[group.Key];
            ulong moved = (ulong)group.Count() * pages;
            m = m.WithBlock(block with { DerivedPages = sign > 0 ? block.DerivedPages + moved : block.DerivedPages - moved });
        }
        return m;
    }

    private static string Within((Pfn Start, Pfn End)? range) =>
        range is { } r ? $" inside [mem {Printk.AltHex(r.Start.Address, 10)}-{Printk.AltHex(r.End.Address - 1, 10)}]" : "";

    /// <summary>Why the base zone's MAX_ORDER blocks are not whole and free: what boot, allocations and other derived zones took.</summary>
    private static string WhereTheyWent(IReadOnlyList<MaxOrderCensus> censuses)
    {
        if (censuses.Count == 0)
            return "the zone has no online memory block of its own on the node (bootemu carves only blocks that lie in one zone)";
        int total = censuses.Sum(c => c.Total);
        var parts = new List<string>();
        if (censuses.Sum(c => c.Broken) is > 0 and var broken) parts.Add($"{broken} hold boot reservations, holes or memmap");
        if (censuses.Sum(c => c.Allocated) is > 0 and var allocated) parts.Add($"{allocated} hold allocated pages");
        if (censuses.Sum(c => c.Derived) is > 0 and var derived) parts.Add($"{derived} are in derived zones already");
        return parts.Count == 0 ? $"it has {total} MAX_ORDER blocks" : $"of its {total} MAX_ORDER blocks, {string.Join(", ", parts)}";
    }
}
