using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Memblock;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>A hand-made memblock.memory in page frame numbers, run through free_area_init.</summary>
internal sealed class ZoneTestMachine
{
    private readonly List<MemblockRegion> _memory = new();

    public BootOptions Options { get; set; } = new();

    /// <summary>The kernel whose zone rules run (default: 6.1, the kernel most of these tests were checked against).</summary>
    public Bootemu.Boot.Kernel.KernelModel Kernel { get; set; } = Bootemu.Boot.Kernel.KernelModel.Linux61;

    /// <summary>Adds [startPfn, endPfn) on <paramref name="nid"/> (regions must be added in address order).</summary>
    public ZoneTestMachine Mem(ulong startPfn, ulong endPfn, int nid, MemblockFlags flags = MemblockFlags.None)
    {
        _memory.Add(new MemblockRegion(startPfn << Pfn.PageShift, (endPfn - startPfn) << Pfn.PageShift, flags, nid));
        return this;
    }

    public IReadOnlyList<MemblockRegion> Memory => _memory;

    /// <summary>The usual QEMU low memory of node <paramref name="nid"/>: [4K, 0x9f000) and [1M, endPfn).</summary>
    public ZoneTestMachine LowMemory(ulong endPfn, int nid = 0) => Mem(0x1, 0x9f, nid).Mem(0x100, endPfn, nid);

    public ZoneInput Input(IReadOnlyList<int>? possible = null, IReadOnlyList<int>? online = null)
    {
        var nids = _memory.Select(r => r.Nid).Distinct().Order().ToArray();
        var ranges = new MemPfnRanges(_memory);
        return new ZoneInput
        {
            Memory = _memory,
            Ranges = ranges,
            PresentSections = Sections(ranges.All),
            MaxPfn = Pfn.Down(_memory.Max(r => r.End)),
            Options = MovableZoneRequest.From(Options),
            PossibleNodes = possible ?? nids,
            OnlineNodes = online ?? nids,
            Kernel = Kernel,
        };
    }

    /// <summary>free_area_init with pg_data_t allocations answered by <paramref name="alloc"/> (default: at 0x1000000).</summary>
    public (ZoneSetup Setup, string[] Lines) Run(Func<ulong, ulong>? alloc = null, IReadOnlyList<int>? possible = null, IReadOnlyList<int>? online = null)
    {
        var log = new KernelLog();
        var input = Input(possible, online);
        var setup = FreeAreaInit.Run(input, alloc ?? (_ => 0x1000000), log, input.Memory.Any(r => (r.Flags & MemblockFlags.Mirror) != 0));
        return (setup, log.Lines.Select(l => l.Text).ToArray());
    }

    /// <summary>What sparse_init would mark present for these ranges: every section a range touches, first node kept.</summary>
    public static PresentSections Sections(IReadOnlyList<MemPfnRange> ranges)
    {
        var runs = new List<PresentSectionRun>();
        foreach (var r in ranges)
        {
            ulong first = MemorySection.Of(r.Start), end = MemorySection.Of(new Pfn(r.End.Value - 1)) + 1;
            if (runs.Count > 0 && first < runs[^1].End) first = runs[^1].End;
            if (first < end) runs.Add(new PresentSectionRun(first, end - first, r.Nid));
        }
        return new PresentSections(runs);
    }

    public MovableZonePlan Plan()
    {
        var input = Input();
        var ranges = new MemPfnRanges(input.Memory);
        var arch = ArchZoneRanges.ForMaxPfn(input.MaxPfn, Pfn.Down(input.Memory[0].Base));
        return FindZoneMovablePfns.Run(input.Memory, ranges, arch, input.Options, Kernel,
            hasMirror: input.Memory.Any(r => (r.Flags & MemblockFlags.Mirror) != 0));
    }

    public static CoreSize Pages(ulong pages) => new(CoreSizeKind.Pages, pages);
    public static CoreSize Percent(ulong percent) => new(CoreSizeKind.Percent, percent);
}
