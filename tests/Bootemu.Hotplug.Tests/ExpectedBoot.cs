using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// A BootResult rebuilt from a real boot's facts (tests/conformance/&lt;case&gt;/expected.json): the final e820,
/// the "Early memory node ranges" as memblock memory, the zoneinfo spans and managed pages, the node masks and CPU lists, the
/// NODE_DATA allocations as the named reservations, the SRAT ranges with RAM as numa_meminfo and those with none as
/// hot-add capacity.
/// This lets the hotplug emulation be checked against the kernel independently of the boot emulation.
/// </summary>
public static partial class ExpectedBoot
{
    public static BootResult Load(string caseName)
    {
        var d = ConformanceCase.Load(caseName).Expected;
        var e820 = d.GetProperty("e820").EnumerateArray().Select(e =>
        {
            ulong start = Hex(e.GetProperty("start")), end = Hex(e.GetProperty("end")) + 1;
            return new E820Entry(start, end - start, e.GetProperty("type").GetString() == "usable" ? E820Type.Ram : E820Type.Reserved);
        }).ToList();
        var memory = d.GetProperty("early_memory_node_ranges").EnumerateArray().Select(r =>
        {
            ulong start = Hex(r.GetProperty("start")), end = Hex(r.GetProperty("end")) + 1;
            return new MemblockRegion(start, end - start, MemblockFlags.None, r.GetProperty("node").GetInt32());
        }).ToList();
        var nodeData = d.GetProperty("node_data").EnumerateArray().Select(l => NodeDataLine().Match(l.GetString()!)).Where(m => m.Success)
            .Select(m =>
            {
                int nid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                ulong start = Convert.ToUInt64(m.Groups[2].Value, 16), end = Convert.ToUInt64(m.Groups[3].Value, 16) + 1;
                return new EarlyAllocation(EarlyAllocationKind.NodeData, $"NODE_DATA({nid})", start, end - start, nid, nid);
            }).ToList();
        var online = ConformanceCase.NodeList(d.GetProperty("node_masks").GetProperty("online").GetString()!);
        var possible = ConformanceCase.NodeList(d.GetProperty("node_masks").GetProperty("possible").GetString()!);
        var cpus = d.GetProperty("node_cpulist");
        var initmem = d.GetProperty("initmem_setup").EnumerateArray().ToDictionary(i => i.GetProperty("node").GetInt32(),
            i => (Pfn.Down(Hex(i.GetProperty("start"))), Pfn.Down(Hex(i.GetProperty("end"))) + 1));
        var zoneinfo = d.GetProperty("zoneinfo").EnumerateArray().ToList();
        var nodes = possible.Select(nid =>
        {
            var zones = zoneinfo.Where(z => z.GetProperty("node").GetInt32() == nid).Select(z => new ZoneLayout(
                Enum.Parse<ZoneType>(z.GetProperty("zone").GetString()!),
                new Pfn(z.TryGetProperty("start_pfn", out var s) ? s.GetUInt64() : 0),
                z.GetProperty("spanned").GetUInt64(),
                z.GetProperty("present").GetUInt64())
            {
                ManagedPages = z.TryGetProperty("managed", out var managed) ? managed.GetUInt64() : 0,
            }).ToList();
            var (start, end) = initmem.TryGetValue(nid, out var span) ? span : (new Pfn(0), new Pfn(0));
            var cpuList = cpus.TryGetProperty($"node{nid}", out var c) ? ConformanceCase.NodeList(c.GetString()!) : [];
            return new NodeLayout(nid, online.Contains(nid), start, end, null, zones, cpuList);
        }).ToList();
        var srat = d.GetProperty("srat_memory").EnumerateArray()
            .Select(s => (Base: Hex(s.GetProperty("start")), End: Hex(s.GetProperty("end")) + 1, Nid: s.GetProperty("node").GetInt32(), Hotplug: s.GetProperty("hotplug").GetBoolean()))
            .ToList();
        bool HasRam((ulong Base, ulong End, int Nid, bool Hotplug) s) => e820.Any(e => e.Type == E820Type.Ram && e.Addr < s.End && e.End > s.Base);
        var capacity = srat.Where(s => !HasRam(s)).Select(s => new HotplugCapacityRange(s.Base, s.End - s.Base, s.Nid, s.Hotplug)).ToList();
        var maxPfn = Pfn.Down(e820.Where(e => e.Type == E820Type.Ram).Max(e => e.End));
        // numa_meminfo as numa_cleanup_meminfo leaves it: the SRAT ranges with RAM, in SRAT order, cut at max_pfn
        // (its merging of a node's neighbouring ranges changes neither which node holds an address inside RAM nor blk[0]'s
        // node; an address in a hole it joins across is not looked up by any test).
        var meminfo = srat.Where(HasRam).Select(s => new NumaMemblk(s.Base, Math.Min(s.End, maxPfn.Address), s.Nid)).ToList();
        var distances = possible.Select(from =>
            (IReadOnlyList<int>)(d.GetProperty("node_distance").TryGetProperty($"node{from}", out var row)
                ? row.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList()
                : possible.Select(to => to == from ? 10 : 20).ToList())).ToList();

        return new BootResult
        {
            Kernel = Bootemu.Boot.Kernel.KernelModel.Linux61,
            Options = KernelCommandLine.Parse(d.GetProperty("cmdline").GetString() ?? ""),
            MaxPfn = maxPfn,
            E820 = e820,
            Memory = memory,
            MemoryRanges = new MemPfnRanges(memory),
            PresentSections = SectionsTouchedBy(new MemPfnRanges(memory).All),
            Reserved = nodeData.Select(a => new MemblockRegion(a.Base, a.Size, MemblockFlags.None, a.Nid)).ToList(),
            Nodes = nodes,
            MovableZone = ZoneType.Normal,
            EarlyAllocations = nodeData,
            HotplugCapacity = capacity,
            NumaMeminfo = meminfo,
            Distances = distances,
            Log = Array.Empty<KernelLogLine>(),
            Notes = Array.Empty<string>(),
        };
    }

    /// <summary>What sparse_init marks present on these machines (all below 64 TiB): every section a range touches.</summary>
    private static PresentSections SectionsTouchedBy(IReadOnlyList<MemPfnRange> ranges) =>
        new(ranges.Select(r => (First: MemorySection.Of(r.Start), End: MemorySection.Of(new Pfn(r.End.Value - 1)) + 1, r.Nid))
            .Aggregate(new List<PresentSectionRun>(), (runs, r) =>
            {
                ulong first = runs.Count > 0 && r.First < runs[^1].End ? runs[^1].End : r.First;
                if (first < r.End) runs.Add(new PresentSectionRun(first, r.End - first, r.Nid));
                return runs;
            }));

    public static HotplugMachine Machine(string caseName, HotplugSettings? settings = null) =>
        BootMemoryBlocks.FromBoot(Load(caseName), settings ?? new HotplugSettings(), new KernelLog());

    private static ulong Hex(JsonElement e) => Convert.ToUInt64(e.GetString()!, 16);

    [GeneratedRegex(@"^NODE_DATA\((\d+)\) allocated \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]")]
    private static partial Regex NodeDataLine();
}
