using System.Text.RegularExpressions;
using Bootemu.Boot.Model;
using Bootemu.Boot.Tests.Conformance;
using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// free_area_init against the 18 real Linux 6.1 boots: the lines of its families must equal the
/// kernel's, in order, and every zone's spanned, present and start_pfn must equal /proc/zoneinfo.
/// </summary>
[TestFixture]
public sealed partial class FreeAreaInitConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Zone_lines_match_the_kernel_console(string name)
    {
        var c = ConformanceCase.Load(name);
        var log = new KernelLog();
        FreeAreaInit.Run(ZoneConformanceInput.Of(c), _ => throw new AssertionException("no conformance case has a memoryless possible node"), log);

        var expected = DmesgFamilies.Select(c.KernelLines, DmesgFamilies.Groups["zones"]);
        var actual = log.Lines.Select(l => l.Text).ToArray();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Zone_sizes_match_proc_zoneinfo(string name)
    {
        var c = ConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(ZoneConformanceInput.Of(c), _ => 0, new KernelLog());

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

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Zoneinfo_rendering_matches_the_kernel_file(string name)
    {
        var c = ConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(ZoneConformanceInput.Of(c), _ => 0, new KernelLog());

        var expected = c.Section("zoneinfo").Where(l => ZoneinfoFamily().IsMatch(l)).ToArray();
        var actual = ZoneinfoRenderer.Render(setup.Nodes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(expected, Is.Not.Empty);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Node_states_match_the_kernel_node_masks(string name)
    {
        var c = ConformanceCase.Load(name);
        var setup = FreeAreaInit.Run(ZoneConformanceInput.Of(c), _ => 0, new KernelLog());
        var masks = c.Expected.GetProperty("node_masks");

        Assert.That(setup.NodeStates.Where(s => s.HasMemory).Select(s => s.Nid).Order(),
            Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("has_memory").GetString()!)));
        Assert.That(setup.NodeStates.Where(s => s.HasNormalMemory).Select(s => s.Nid).Order(),
            Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("has_normal_memory").GetString()!)));
    }

    [GeneratedRegex(@"^(Node \d+, zone +\w+|        spanned  \d+|        present  \d+|  start_pfn: +\d+)$")]
    private static partial Regex ZoneinfoFamily();
}
