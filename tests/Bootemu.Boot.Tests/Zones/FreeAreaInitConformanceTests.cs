using System.Text.RegularExpressions;
using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// free_area_init against the 18 real Linux 6.1 boots: the lines of its families must equal the
/// kernel's, in order, and every zone's spanned, present and start_pfn must equal /proc/zoneinfo.
/// </summary>
[TestFixture]
public sealed partial class FreeAreaInitConformanceTests
{
    public static IEnumerable<string> Cases() => ZoneConformanceCase.Names();

    [TestCaseSource(nameof(Cases))]
    public void Zone_lines_match_the_kernel_console(string name)
    {
        var c = ZoneConformanceCase.Load(name);
        var log = new KernelLog();
        FreeAreaInit.Run(c.Input, _ => throw new AssertionException("no conformance case has a memoryless possible node"), log);

        var expected = c.KernelLines.Where(IsZoneFamily).ToArray();
        var actual = log.Lines.Select(l => l.Text).ToArray();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Zone_sizes_match_proc_zoneinfo(string name)
    {
        var c = ZoneConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(c.Input, _ => 0, new KernelLog());

        var zoneinfo = c.Expected.GetProperty("zoneinfo").EnumerateArray().ToArray();
        Assert.That(zoneinfo, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var z in zoneinfo)
            {
                int nid = z.GetProperty("node").GetInt32();
                var zone = Enum.Parse<ZoneType>(z.GetProperty("zone").GetString()!);
                var actual = setup.Node(nid).Zone(zone);
                string where = $"node {nid} zone {zone}";
                Assert.That(actual.SpannedPages, Is.EqualTo(z.GetProperty("spanned").GetUInt64()), where + " spanned");
                Assert.That(actual.PresentPages, Is.EqualTo(z.GetProperty("present").GetUInt64()), where + " present");
                if (z.TryGetProperty("start_pfn", out var startPfn))
                    Assert.That(actual.StartPfn.Value, Is.EqualTo(startPfn.GetUInt64()), where + " start_pfn");
            }
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Zoneinfo_rendering_matches_the_kernel_file(string name)
    {
        var c = ZoneConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(c.Input, _ => 0, new KernelLog());

        var expected = c.ZoneinfoLines.Where(l => ZoneinfoFamily().IsMatch(l)).ToArray();
        var actual = ZoneinfoRenderer.Render(setup.Nodes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(expected, Is.Not.Empty);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Node_states_match_the_kernel_node_masks(string name)
    {
        var c = ZoneConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(c.Input, _ => 0, new KernelLog());
        var masks = c.Expected.GetProperty("node_masks");

        Assert.That(NodeList(setup.NodeStates.Where(s => s.HasMemory).Select(s => s.Nid)),
            Is.EqualTo(masks.GetProperty("has_memory").GetString()!.Trim()));
        Assert.That(NodeList(setup.NodeStates.Where(s => s.HasNormalMemory).Select(s => s.Nid)),
            Is.EqualTo(masks.GetProperty("has_normal_memory").GetString()!.Trim()));
    }

    /// <summary>The lines free_area_init prints (and the mirror warning printed from inside it).</summary>
    private static bool IsZoneFamily(string line) => KernelFamily().IsMatch(line);

    /// <summary>A nodemask as sysfs prints it ("%*pbl"): ranges like 0-1,3.</summary>
    private static string NodeList(IEnumerable<int> nids)
    {
        var parts = new List<string>();
        foreach (var run in nids.Order().Aggregate(new List<(int First, int Last)>(), (runs, n) =>
                 {
                     if (runs.Count > 0 && runs[^1].Last == n - 1) runs[^1] = (runs[^1].First, n); else runs.Add((n, n));
                     return runs;
                 }))
            parts.Add(run.First == run.Last ? $"{run.First}" : $"{run.First}-{run.Last}");
        return string.Join(",", parts);
    }

    [GeneratedRegex(@"^(Zone ranges:|  (DMA|DMA32|Normal|Device) +(empty|\[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\])|Movable zone start for each node|  Node \d+: 0x[0-9a-f]{16}|Early memory node ranges|  node +\d+: \[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\]|Initmem setup node .*|Initializing node \d+ as memoryless|On node \d+, zone \w+: \d+ pages in unavailable ranges|This configuration results in unmirrored kernel memory\.)$")]
    private static partial Regex KernelFamily();

    [GeneratedRegex(@"^(Node \d+, zone +\w+|        spanned  \d+|        present  \d+|  start_pfn: +\d+)$")]
    private static partial Regex ZoneinfoFamily();
}
