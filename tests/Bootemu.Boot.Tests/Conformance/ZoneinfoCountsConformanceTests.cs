using System.Text.Json;
using Bootemu.Boot.Model;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Conformance;

/// <summary>
/// Managed pages, watermarks and protection of every zone of the online nodes against /proc/zoneinfo of the real boots
/// of both kernels (expected.json "zoneinfo", and the min/low/high lines of the console's zoneinfo dump).
/// </summary>
public class ZoneinfoCountsConformanceTests
{
    /// <summary>Every conformance case of every kernel, named "kernel case".</summary>
    public static IEnumerable<TestCaseData> Cases() =>
        from k in RepoPaths.ConformanceKernels
        from c in RepoPaths.CasesOf(k)
        select new TestCaseData(k, c).SetName($"{k} {c}");

    /// <summary>
    /// What bootemu leaves out: the sub-page memblock allocations of setup_arch and start_kernel (command-line copies,
    /// cpumasks, e820 resources, firmware map entries), which take up to 3 more pages at the top of memory. The 6.12
    /// pc-dimm onlined at boot is the hotplug layer's, not the boot's.
    /// </summary>
    private const long SubPageSlack = 3;

    [TestCaseSource(nameof(Cases))]
    public void Managed_pages_match_the_real_boot_up_to_the_unemulated_small_allocations(string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel);
        var boot = BootPipelineConformanceTests.Boot(c);
        foreach (var (node, zone) in OnlineZones(boot))
        {
            var real = RealZone(c, node.Nid, zone.Zone);
            if (real.GetProperty("present").GetUInt64() != zone.PresentPages) continue; // the pc-dimm onlined at boot
            long shortfall = (long)zone.ManagedPages - real.GetProperty("managed").GetInt64();
            Assert.That(shortfall, Is.InRange(0, SubPageSlack), $"node {node.Nid} {zone.Zone}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Protection_matches_the_real_boot(string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel);
        var boot = BootPipelineConformanceTests.Boot(c);
        foreach (var (node, zone) in OnlineZones(boot))
        {
            var real = RealZone(c, node.Nid, zone.Zone).GetProperty("protection").EnumerateArray().Select(e => e.GetUInt64());
            Assert.That(zone.Watermarks.Protection, Is.EqualTo(real), $"node {node.Nid} {zone.Zone}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Watermarks_match_the_real_boot(string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel);
        var boot = BootPipelineConformanceTests.Boot(c);
        if (c.PcDimms().Count > 0 && boot.Kernel.DefaultOnlineType != Machine.OnlineType.Offline)
            Assert.Ignore("memory onlined during boot sets the watermarks again");
        var real = RealWatermarks(c.Section("zoneinfo"));
        foreach (var (node, zone) in OnlineZones(boot))
            Assert.That((zone.Watermarks.Min, zone.Watermarks.Low, zone.Watermarks.High), Is.EqualTo(real[(node.Nid, ZoneNames.Of(zone.Zone))]),
                $"node {node.Nid} {zone.Zone}");
    }

    private static IEnumerable<(NodeLayout Node, ZoneLayout Zone)> OnlineZones(BootResult boot) =>
        from n in boot.Nodes where n.Online from z in n.Zones select (n, z);

    private static JsonElement RealZone(ConformanceCase c, int nid, ZoneType zone) =>
        c.Expected.GetProperty("zoneinfo").EnumerateArray()
            .Single(z => z.GetProperty("node").GetInt32() == nid && z.GetProperty("zone").GetString() == ZoneNames.Of(zone));

    /// <summary>min, low and high of every "Node N, zone NAME" of the console's zoneinfo dump.</summary>
    private static Dictionary<(int, string), (ulong, ulong, ulong)> RealWatermarks(IReadOnlyList<string> zoneinfo)
    {
        var result = new Dictionary<(int, string), (ulong, ulong, ulong)>();
        (int, string)? current = null;
        var marks = new Dictionary<string, ulong>();
        foreach (var line in zoneinfo)
        {
            var header = System.Text.RegularExpressions.Regex.Match(line, @"^Node (\d+), zone\s+(\S+)");
            if (header.Success)
            {
                current = (int.Parse(header.Groups[1].Value), header.Groups[2].Value);
                marks.Clear();
                continue;
            }
            var mark = System.Text.RegularExpressions.Regex.Match(line, @"^\s+(min|low|high)\s+(\d+)$");
            if (mark.Success && current is { } key)
            {
                marks[mark.Groups[1].Value] = ulong.Parse(mark.Groups[2].Value);
                if (marks.Count == 3) result[key] = (marks["min"], marks["low"], marks["high"]);
            }
        }
        return result;
    }
}
