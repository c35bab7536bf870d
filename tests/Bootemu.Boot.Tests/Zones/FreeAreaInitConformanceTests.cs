using System.Text.RegularExpressions;
using Bootemu.Boot.Model;
using Bootemu.Boot.Tests.Conformance;
using Bootemu.Boot.Zones;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>
/// free_area_init's results against the 18 real Linux 6.1 boots, on the whole emulated boot of each case
/// (<see cref="BootPipelineConformanceTests.Boot"/>), so the zones are computed from the memblock state the
/// pipeline really hands over, not from an input rebuilt out of the console log: every zone's spanned,
/// present and start_pfn must equal /proc/zoneinfo, and the node masks must equal the kernel's. (The zone
/// lines themselves are the "zones" family of <see cref="BootPipelineConformanceTests"/>.)
/// </summary>
[TestFixture]
public sealed partial class FreeAreaInitConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Zone_sizes_match_proc_zoneinfo(string name)
    {
        var c = ConformanceCase.Load(name);
        var boot = BootPipelineConformanceTests.Boot(name);

        var zoneinfo = c.Expected.GetProperty("zoneinfo").EnumerateArray().ToArray();
        Assert.That(zoneinfo, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var z in zoneinfo)
            {
                int nid = z.GetProperty("node").GetInt32();
                var zone = Enum.Parse<ZoneType>(z.GetProperty("zone").GetString()!);
                var actual = boot.Nodes.Single(n => n.Nid == nid).Zone(zone);
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
        var boot = BootPipelineConformanceTests.Boot(name);

        var expected = c.Section("zoneinfo").Where(l => ZoneinfoFamily().IsMatch(l)).ToArray();
        var actual = ZoneinfoRenderer.Render(boot).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => ZoneinfoFamily().IsMatch(l)).ToArray();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Node_states_match_the_kernel_node_masks(string name)
    {
        var c = ConformanceCase.Load(name);
        var boot = BootPipelineConformanceTests.Boot(name);
        // check_for_memory runs only for the nodes free_area_init found online. The result's online bits are
        // those after setup_arch (CPU nodes onlined later), so the nodes it skipped are told by its own
        // "Initializing node N as memoryless" lines instead.
        var skipped = boot.Log.Select(l => MemorylessNode().Match(l.Text)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var states = boot.Nodes.Where(n => !skipped.Contains(n.Nid)).Select(FreeAreaInit.CheckForMemory).ToArray();
        var masks = c.Expected.GetProperty("node_masks");

        Assert.That(states.Where(s => s.HasMemory).Select(s => s.Nid).Order(),
            Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("has_memory").GetString()!)));
        Assert.That(states.Where(s => s.HasNormalMemory).Select(s => s.Nid).Order(),
            Is.EqualTo(ConformanceCase.NodeList(masks.GetProperty("has_normal_memory").GetString()!)));
    }

    [GeneratedRegex(@"^Initializing node (\d+) as memoryless$")]
    private static partial Regex MemorylessNode();

    [GeneratedRegex(@"^(Node \d+, zone +\w+|        spanned  \d+|        present  \d+|  start_pfn: +\d+)$")]
    private static partial Regex ZoneinfoFamily();
}
