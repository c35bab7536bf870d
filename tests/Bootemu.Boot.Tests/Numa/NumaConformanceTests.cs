using System.Text.Json;
using Bootemu.Boot.Numa;
using Bootemu.Core.Logging;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>x86_numa_init against the 18 real Linux 6.1 boots: every NUMA line in order, node masks, distances.</summary>
[TestFixture]
public sealed class NumaConformanceTests
{
    public static IEnumerable<string> Cases() => RepoPaths.ConformanceCases();

    private static (ConformanceBoot Boot, NumaResult Result, KernelLog Log, Memblock.Memblock Memblock) Run(string name)
    {
        var boot = ConformanceBoot.Load(name);
        var log = new KernelLog();
        var memblock = boot.PrepareMemblock(log);
        int before = log.Lines.Count;
        var result = X86NumaInit.Run(boot.Input(), memblock, log);
        var ours = new KernelLog();
        foreach (var line in log.Lines.Skip(before))
            ours.Print(line.Level, line.Text);
        foreach (string line in ZonelistOrder.FallbackOrder(result))
            ours.Info(line);
        return (boot, result, ours, memblock);
    }

    [TestCaseSource(nameof(Cases))]
    public void Numa_lines_match_the_real_boot(string name)
    {
        var (boot, _, log, _) = Run(name);
        var expected = NumaLineFamilies.Select(boot.ConsoleLines);
        var actual = NumaLineFamilies.Select(log.Lines.Select(l => l.Text));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Possible_and_online_nodes_match_sysfs(string name)
    {
        var (boot, result, _, _) = Run(name);
        var masks = Expected(boot).GetProperty("node_masks");
        Assert.Multiple(() =>
        {
            Assert.That(NodeList(result.PossibleNodes), Is.EqualTo(masks.GetProperty("possible").GetString()));
            Assert.That(NodeList(result.OnlineNodes), Is.EqualTo(masks.GetProperty("online").GetString()));
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Node_distances_match_sysfs(string name)
    {
        var (boot, result, _, _) = Run(name);
        foreach (var row in Expected(boot).GetProperty("node_distance").EnumerateObject())
        {
            int from = int.Parse(row.Name["node".Length..]);
            string actual = string.Join(' ', result.OnlineNodes.Select(to => result.NodeDistance(from, to)));
            Assert.That(actual, Is.EqualTo(row.Value.GetString()), row.Name);
        }
    }

    [Test]
    public void Memblock_dump_after_numa_matches_the_debug_trace()
    {
        var (boot, _, log, _) = Run("memblock_debug_srat2_hp1_movable_node");
        var expected = Dump(boot.ConsoleLines, occurrence: 1);
        var actual = Dump(log.Lines.Select(l => l.Text).ToList(), occurrence: 0);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Movable_node_leaves_the_hotplug_mark_only_on_the_node_without_reservations()
    {
        var (_, _, _, memblock) = Run("srat4_hp23_movable_node");
        var hotplugNodes = memblock.Memory.Regions
            .Where(r => r.Flags.HasFlag(Memblock.MemblockFlags.Hotplug))
            .Select(r => r.Nid).Distinct().Order();
        Assert.That(hotplugNodes, Is.EqualTo(new[] { 2, 3 }));
    }

    /// <summary>The lines of the n-th "MEMBLOCK configuration:" dump.</summary>
    private static List<string> Dump(IReadOnlyList<string> lines, int occurrence)
    {
        int seen = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i] != "MEMBLOCK configuration:" || ++seen != occurrence)
                continue;
            var dump = new List<string> { lines[i] };
            for (int j = i + 1; j < lines.Count && lines[j].StartsWith(' '); j++)
                dump.Add(lines[j]);
            return dump;
        }
        return new List<string>();
    }

    private static JsonElement Expected(ConformanceBoot boot) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(boot.Directory, "expected.json"))).RootElement;

    /// <summary>The kernel's %*pbl node list ("0-1", "0", "0-3", "0,2").</summary>
    private static string NodeList(IReadOnlyList<int> nodes)
    {
        var parts = new List<string>();
        for (int i = 0; i < nodes.Count;)
        {
            int j = i;
            while (j + 1 < nodes.Count && nodes[j + 1] == nodes[j] + 1)
                j++;
            parts.Add(i == j ? $"{nodes[i]}" : $"{nodes[i]}-{nodes[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
