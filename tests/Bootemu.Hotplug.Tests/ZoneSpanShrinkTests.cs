using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Core;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// shrink_zone_span looks for the next pfn still online in the zone by block id, not by a pass over every block: it must
/// find what a pass over every block finds, whatever order a node's blocks go offline in (the 1 GiB hole in node 2 of
/// the four-node machine included).
/// </summary>
public class ZoneSpanShrinkTests
{
    /// <summary>The definition: the nearest pfn of a segment of the zone left online, outside the range, past the border.</summary>
    private static ZoneState ByEveryBlock(HotplugMachine m, ZoneState zone, Pfn start, Pfn end)
    {
        var segments = m.Blocks.Values.Where(b => b.State == BlockState.Online).SelectMany(b => b.Segments)
            .Where(s => s.Nid == zone.Nid && s.Zone == zone.Zone && !(s.Start >= start && s.End <= end)).ToList();
        if (zone.Start == start)
        {
            var next = segments.Where(s => s.End > end && s.Start < zone.End).Select(s => Pfn.Max(s.Start, end)).DefaultIfEmpty().Min();
            return next.Value == 0 ? zone with { Start = new Pfn(0), Spanned = 0 } : zone with { Start = next, Spanned = zone.End - next };
        }
        if (zone.End == end)
        {
            var last = segments.Where(s => s.Start < start && s.End > zone.Start).Select(s => Pfn.Min(s.End, start)).DefaultIfEmpty().Max();
            return last.Value == 0 ? zone with { Start = new Pfn(0), Spanned = 0 } : zone with { Spanned = last - zone.Start };
        }
        return zone;
    }

    [TestCase("ascending")]
    [TestCase("descending")]
    [TestCase("from the middle out")]
    public void Offlining_a_node_block_by_block_shrinks_its_zone_as_a_pass_over_every_block_would(string order)
    {
        var machine = MachineLoader.LoadFixture(Path.Combine(RepoPaths.FirmwareTables, "four-node-2hotplug-hole.yaml"));
        var boot = BootPipeline.Run(machine, KernelCommandLine.Parse("movable_node", KernelModel.Default.CommandLine), new KernelLog(), KernelModel.Default);
        var m = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
        var ids = NodeOffline.OnlineBlocksOf(m, 2).Select(b => b.Id).ToList();
        ids = order switch
        {
            "ascending" => ids,
            "descending" => ids.AsEnumerable().Reverse().ToList(),
            _ => ids.OrderBy(id => Math.Abs(id - ids[ids.Count / 2])).ToList(),
        };
        int checkedShrinks = 0;
        foreach (long id in ids)
        {
            var block = m.Blocks[id];
            var zone = m.Zone(2, block.Zone!.Value);
            var after = BlockOffline.Offline(m, id, new KernelLog());
            Assert.That(after.Succeeded, Is.True, after.Detail);
            var offlined = after.Machine.Blocks[id];
            // Only the span is shrink_zone_span's; present and managed pages are offline_pages' own accounting.
            var shrunk = after.Machine.Zone(2, zone.Zone);
            var expected = ByEveryBlock(after.Machine, zone, offlined.StartPfn, offlined.EndPfn);
            Assert.That((shrunk.Start, shrunk.Spanned), Is.EqualTo((expected.Start, expected.Spanned)), $"block {id}");
            m = after.Machine;
            checkedShrinks++;
        }
        Assert.That(checkedShrinks, Is.EqualTo(ids.Count));
        Assert.That(m.Zone(2, ZoneType.Movable).IsEmpty, Is.True, "the last block empties the zone");
    }
}
