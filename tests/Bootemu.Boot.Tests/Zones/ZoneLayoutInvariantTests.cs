using Bootemu.Boot.Model;
using Bootemu.Machine;
using Bootemu.Memblock;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// Invariants of calculate_node_totalpages over random layouts (fixed seeds, so a failure reproduces):
/// without kernelcore=mirror the zones of a node partition its span, so the spanned pages add up to the
/// span and the present pages to the node's memblock pages; ZONE_MOVABLE starts on a MAX_ORDER boundary
/// inside the node.
/// </summary>
[TestFixture]
public sealed class ZoneLayoutInvariantTests
{
    public static IEnumerable<int> Seeds() => Enumerable.Range(1, 40);

    [TestCaseSource(nameof(Seeds))]
    public void Zones_partition_each_node_and_movable_starts_are_aligned(int seed)
    {
        var random = new Random(seed);
        var m = RandomMachine(random);
        var (setup, _) = m.Run();

        Assert.Multiple(() =>
        {
            foreach (var node in setup.Nodes)
            {
                ulong memoryPages = m.Memory.Where(r => r.Nid == node.Nid).Aggregate(0UL, (sum, r) => sum + r.Size / 4096);
                Assert.That(node.PresentPages, Is.EqualTo(memoryPages), $"seed {seed} node {node.Nid} present");
                Assert.That(node.SpannedPages, Is.EqualTo(node.EndPfn - node.StartPfn), $"seed {seed} node {node.Nid} spanned");
                if (node.MovableStartPfn is { } start)
                {
                    Assert.That(start.Value % 1024, Is.Zero, $"seed {seed} node {node.Nid} movable alignment");
                    Assert.That(start, Is.LessThan(node.EndPfn), $"seed {seed} node {node.Nid} movable inside the node");
                    Assert.That(node.Zone(ZoneType.Movable).StartPfn, Is.EqualTo(start), $"seed {seed} node {node.Nid} movable zone start");
                }
            }
        });
    }

    /// <summary>1–4 nodes of page-aligned ranges in address order, some HOTPLUG, under a random zone option.</summary>
    private static ZoneTestMachine RandomMachine(Random random)
    {
        var m = new ZoneTestMachine();
        ulong pfn = 1;
        int nodes = random.Next(1, 5);
        int ranges = random.Next(nodes, 12);
        for (int i = 0; i < ranges; i++)
        {
            pfn += (ulong)random.Next(0, 3) * (ulong)random.Next(1, 0x40000);
            ulong end = pfn + (ulong)random.Next(1, 0x100000);
            int nid = Math.Min(nodes - 1, i * nodes / ranges + (random.Next(4) == 0 ? 1 : 0));
            m.Mem(pfn, end, nid, random.Next(3) == 0 ? MemblockFlags.Hotplug : MemblockFlags.None);
            pfn = end;
        }
        m.Options = random.Next(5) switch
        {
            0 => new BootOptions { MovableNode = true },
            1 => new BootOptions { Kernelcore = ZoneTestMachine.Percent((ulong)random.Next(1, 100)) },
            2 => new BootOptions { Movablecore = ZoneTestMachine.Percent((ulong)random.Next(1, 100)) },
            3 => new BootOptions { Kernelcore = ZoneTestMachine.Pages((ulong)random.Next(1, 0x200000)), Movablecore = ZoneTestMachine.Pages((ulong)random.Next(1, 0x200000)) },
            _ => new BootOptions(),
        };
        return m;
    }
}
