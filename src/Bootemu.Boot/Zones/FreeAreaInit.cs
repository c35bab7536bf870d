using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Zones;

/// <summary>
/// free_area_init (mm/page_alloc.c), as zone_sizes_init (arch/x86/mm/init.c) calls it at the end of
/// paging_init: zone boundaries, ZONE_MOVABLE placement, the per-node zone sizes, the node states and
/// the reserved struct pages of holes, with every line the kernel prints on the way, in its order.
/// </summary>
internal static class FreeAreaInit
{
    /// <summary>SMP_CACHE_BYTES: the alignment arch_alloc_nodedata asks for.</summary>
    public const ulong PgdatAlign = 64;

    /// <summary>
    /// The %pS call site memblock=debug prints for the pg_data_t allocation. No conformance boot had a
    /// memoryless node, so the build's offset is unknown and only the symbol is printed.
    /// </summary>
    public const string PgdatAllocCaller = "free_area_init";

    /// <summary>
    /// Runs free_area_init against a memblock: the only allocation it makes is the pg_data_t of each
    /// possible node that is not online (memblock_alloc: zeroed, any node, from 0 up to current_limit).
    /// </summary>
    public static ZoneSetup Run(ZoneInput input, Memblock.Memblock memblock, KernelLog log) =>
        Run(input, size => memblock.AllocTryNid(size, PgdatAlign, 0, Memblock.Memblock.AllocAccessible, Memblock.Memblock.NumaNoNode, PgdatAllocCaller),
            log, memblock.HasSomeMirror);

    /// <summary>
    /// Runs free_area_init, with the pg_data_t allocation supplied by the caller: <paramref name="allocPgdat"/>
    /// gets a size and returns the physical address it placed it at, or 0 when there was no room.
    /// </summary>
    /// <param name="memblockHasMirror">memblock_has_mirror(): some memory was marked mirrored (EFI).</param>
    public static ZoneSetup Run(ZoneInput input, Func<ulong, ulong> allocPgdat, KernelLog log, bool memblockHasMirror = false)
    {
        var ranges = input.Ranges;
        var startOfDram = Pfn.Down(input.Memory.Count > 0 ? input.Memory[0].Base : 0);
        var arch = ArchZoneRanges.ForMaxPfn(input.MaxPfn, startOfDram);

        var plan = FindZoneMovablePfns.Run(input.Memory, ranges, arch, input.Options, input.Kernel, memblockHasMirror);
        if (plan.UnmirroredKernelMemory)
            log.Warn(MovableZonePlan.UnmirroredWarning);
        if (plan.Source == MovableZoneSource.MirrorIgnored)
            log.Warn(MovableZonePlan.NoMirrorWarning);

        foreach (var line in arch.ZoneRangesLines())
            log.Info(line);
        foreach (var line in plan.MovableZoneStartLines())
            log.Info(line);
        log.Info("Early memory node ranges");
        foreach (var r in ranges.All)
            log.Info($"  node {(r.Nid == Numa.NumaConstants.MaxNumNodes ? input.Kernel.UnownedMemoryNid : r.Nid),3}: {Printk.Mem18(r.Start.Address, r.End.Address - 1)}");

        var sizes = new NodeZoneSizes(input.Memory, ranges, arch, plan, input.Options.KernelcoreMirror);
        var online = input.OnlineNodes.ToHashSet();
        var nodes = new List<NodeLayout>();
        var states = new List<NodeState>();
        var pgdats = new List<PgdatAllocation>();
        var withPgdat = new List<NodeLayout>();

        foreach (int nid in input.PossibleNodes.Distinct().Order())
        {
            bool isOnline = online.Contains(nid);
            if (!isOnline)
            {
                // No NODE_DATA from NUMA init: a CPU-only node, or one whose memory was below
                // NODE_MIN_SIZE. It gets a pg_data_t now and the same zone setup as any node (so a node
                // that does own memory prints its span), but stays offline and gets no node states.
                if (input.Kernel.PrintsInitializingMemorylessNode)
                    log.Info($"Initializing node {nid} as memoryless");
                ulong pgdatSize = input.Kernel.PgdatSize;
                ulong pgdat = allocPgdat(pgdatSize);
                pgdats.Add(new PgdatAllocation(nid, pgdat, pgdatSize));
                if (pgdat == 0)
                {
                    log.Err($"Cannot allocate {pgdatSize}B for node {nid}.");
                    nodes.Add(EmptyNode(nid));
                    states.Add(new NodeState(nid, false, false));
                    continue;
                }
            }

            var (start, end) = ranges.NodeSpan(nid);
            log.Info(start != end
                ? $"Initmem setup node {nid} {Printk.Mem18(start.Address, end.Value != 0 ? end.Address - 1 : 0)}"
                : $"Initmem setup node {nid} as memoryless");
            var node = new NodeLayout(nid, isOnline, start, end, plan.StartOf(nid), sizes.Zones(nid), Array.Empty<int>());
            nodes.Add(node);
            withPgdat.Add(node);
            states.Add(isOnline ? CheckForMemory(node) : new NodeState(nid, false, false));
        }

        var unavailable = MemmapInit.UnavailableRanges(
            ranges, input.PresentSections, withPgdat.ToDictionary(n => n.Nid));
        foreach (var hole in unavailable)
            log.Info(hole.LogLine);

        return new ZoneSetup
        {
            ArchRanges = arch,
            Nodes = nodes,
            NodeStates = states,
            MemorylessPgdats = pgdats,
        };
    }

    /// <summary>
    /// check_for_memory plus the N_MEMORY test before it: memory if any page is present, normal memory
    /// if a zone below ZONE_MOVABLE is populated.
    /// </summary>
    public static NodeState CheckForMemory(NodeLayout node) => new(
        node.Nid,
        node.PresentPages != 0,
        node.Zones.Any(z => z.Zone < ZoneType.Movable && z.IsPopulated));

    /// <summary>A node left without a pg_data_t: every zone empty.</summary>
    private static NodeLayout EmptyNode(int nid) => new(
        nid, false, new Pfn(0), new Pfn(0), null,
        Enumerable.Range(0, ArchZoneRanges.ZoneCount).Select(z => new ZoneLayout((ZoneType)z, new Pfn(0), 0, 0)).ToArray(),
        Array.Empty<int>());
}
