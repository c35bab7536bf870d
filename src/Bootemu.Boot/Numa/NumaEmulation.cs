using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;

namespace Bootemu.Boot.Numa;

/// <summary>
/// numa_emulation (arch/x86/mm/numa_emulation.c in 6.1, mm/numa_emulation.c in 6.12), run by every numa_init attempt
/// between numa_cleanup_meminfo and node registration when numa=fake= was given. It replaces numa_meminfo by fake
/// nodes cut from the physical ones (<see cref="FakeNodeSplit"/>), keeps only fake nodes in numa_nodes_parsed, moves
/// CPUs to the first fake node of their physical node and rebuilds the distance table from the physical distances
/// (or from the distances given after a ':'). When anything fails the physical nodes are kept, silently or with the
/// kernel's message. <see cref="NumaState.EmuNidToPhys"/> ends up mapping each node to its physical node (identity
/// without emulation), as numa_add_cpu reads it.
/// </summary>
internal static class NumaEmulation
{
    public static void Run(NumaState state, Memblock.Memblock memblock, KernelLog log)
    {
        state.Emulated = state.EmuCmdline is { } cmdline && Emulate(state, cmdline, memblock, log);
        // Back to the identity, whatever an earlier attempt's emulation left.
        if (!state.Emulated)
            state.EmuNidToPhys = IdentityNodeMap.Instance;
    }

    /// <summary>The emulation proper; false when it gave up and the physical nodes stay.</summary>
    private static bool Emulate(NumaState state, EmuCommandLine cmdline, Memblock.Memblock memblock, KernelLog log)
    {
        var input = state.Input;
        var kernel = input.Kernel;
        var physicalParsed = state.NodesParsed.ToArray();
        var split = new FakeNodeSplit(state.Meminfo.Copy(), physicalParsed, new MemPfnRanges(memblock.Memory.Regions), log);

        // numa=fake=NU splits each physical node, =SIZE cuts nodes of a size, =N makes N nodes; the letters are looked
        // for anywhere in what is left, distances included.
        int ret;
        if (cmdline.Contains('U'))
            ret = SplitEachPhysicalNode(split, physicalParsed, cmdline.ReadNumber(), log);
        else if (cmdline.Contains('M') || cmdline.Contains('G'))
            ret = split.SizeInterleave(0, input.MaxPfn.Address, cmdline.ReadSize(), 0, null, 0);
        else
            ret = split.Interleave(0, input.MaxPfn.Address, unchecked((int)cmdline.ReadNumber()));
        cmdline.SkipColon();
        if (ret < 0)
            return false;

        if (MeminfoCleanup.Run(split.Emulated, state.ReservedMeminfo, input, memblock, log) < 0)
        {
            log.Warn("NUMA: Warning: constructed meminfo invalid, disabling emulation");
            return false;
        }

        // A copy of the physical distances, in memblock, while the table is rebuilt.
        int physCount = state.Distance.Count;
        ulong physSize = (ulong)physCount * (ulong)physCount;
        ulong physCopy = 0;
        byte[]? physDist = null;
        if (physCount != 0)
        {
            physCopy = kernel.DistanceTableFromMemblockAlloc
                ? memblock.AllocTryNid(physSize, Pfn.PageSize, 0, Memblock.Memblock.AllocAccessible, Memblock.Memblock.NumaNoNode, Caller)
                : memblock.PhysAllocRange(physSize, Pfn.PageSize, 0, input.MaxPfnMapped.Address, Caller);
            if (physCopy == 0)
            {
                log.Warn("NUMA: Warning: can't allocate copy of distance table, disabling emulation");
                return false;
            }
            physDist = state.Distance.ToArray();
        }

        var emuNidToPhys = split.EmuNidToPhys;
        var (maxEmuNid, defaultPhys) = MaxEmulatedNid(emuNidToPhys);

        state.NodesParsed.Clear();
        foreach (var block in split.Emulated.Blocks)
            if (block.Start != block.End && block.Nid != NumaConstants.NoNode)
                state.NodesParsed.Add(block.Nid);

        int mappedNodes = NumaConstants.MaxNumNodes;
        if (kernel.FakeNodesTakeOverPxms)
        {
            state.FakePxmMaps ??= new FakePxmMaps();
            if (state.FakePxmMaps.Fix(state, emuNidToPhys, maxEmuNid, log) < 0)
            {
                // The physical distance copy is not given back on this path.
                state.NodesParsed.Clear();
                state.NodesParsed.UnionWith(physicalParsed);
                return false;
            }
            mappedNodes = maxEmuNid + 1;
        }

        state.Meminfo.ReplaceWith(split.Emulated);
        MoveCpusToFakeNodes(state, emuNidToPhys, mappedNodes);
        for (int i = 0; i < mappedNodes; i++)
            if (emuNidToPhys[i] == NumaConstants.NoNode)
                emuNidToPhys[i] = defaultPhys;
        state.EmuNidToPhys = emuNidToPhys;

        RebuildDistances(state, cmdline, emuNidToPhys, maxEmuNid, physDist, physCount, memblock, log);

        if (physCopy != 0)
            memblock.PhysFree(physCopy, physSize, "memblock_free");
        return true;
    }

    /// <summary>memblock=debug names numa_emulation as the caller; its offset in either build is not known.</summary>
    private const string Caller = "numa_emulation";

    /// <summary>
    /// numa=fake=NU: every physical node, in numa_nodes_parsed order, is split into N nodes from what is first in the
    /// physical list; ids run on from one physical node to the next. A physical node that yields fewer than N fails the
    /// whole emulation.
    /// </summary>
    private static int SplitEachPhysicalNode(FakeNodeSplit split, IReadOnlyList<int> physicalNodes, ulong n, KernelLog log)
    {
        int ret = -1;
        int nid = 0;
        foreach (int phys in physicalNodes)
        {
            // pi.blk[0]: the first block left, whichever node it belongs to (a zeroed entry once none is left).
            var first = split.Physical.Count > 0 ? split.Physical[0] : new NumaMemblk(0, 0, 0);
            ret = split.SizeInterleave(first.Start, first.End, 0, unchecked((int)n), first, nid);
            if (ret < 0)
                break;
            if (ret == nid)
                continue;
            int created = ret - nid;
            if (unchecked((ulong)(long)created) < n)
            {
                log.Info($"numa_emulation: phys: {phys} only got {created} of {unchecked((long)n)} nodes, failing");
                ret = -1;
                break;
            }
            nid = ret;
        }
        return ret;
    }

    /// <summary>setup_emu2phys_nid: the highest fake node, and the physical node of the lowest one (for unmapped nodes).</summary>
    private static (int MaxEmuNid, int DefaultPhys) MaxEmulatedNid(int[] emuNidToPhys)
    {
        int max = 0, defaultPhys = NumaConstants.NoNode;
        for (int i = 0; i < emuNidToPhys.Length; i++)
        {
            if (emuNidToPhys[i] == NumaConstants.NoNode)
                continue;
            max = i;
            if (defaultPhys == NumaConstants.NoNode)
                defaultPhys = emuNidToPhys[i];
        }
        return (max, defaultPhys);
    }

    /// <summary>
    /// The __apicid_to_node rewrite: each APIC goes to the lowest fake node of its physical node among the first
    /// <paramref name="mappedNodes"/>, or to node 0 when there is none.
    /// </summary>
    private static void MoveCpusToFakeNodes(NumaState state, int[] emuNidToPhys, int mappedNodes)
    {
        foreach (var apic in state.ApicToNode.Keys.ToArray())
        {
            int j = Array.IndexOf(emuNidToPhys, state.ApicToNode[apic], 0, mappedNodes);
            state.ApicToNode[apic] = j >= 0 ? j : 0;
        }
    }

    /// <summary>
    /// The distance table rebuilt for the fake nodes: each pair takes the next distance of the command line when one
    /// stands there followed by a comma, else the distance of their physical nodes (10/20 when outside the physical
    /// table). 6.12 then fills the pairs involving the renumbered unused physical nodes.
    /// </summary>
    private static void RebuildDistances(NumaState state, EmuCommandLine cmdline, int[] emuNidToPhys, int maxEmuNid,
        byte[]? physDist, int physCount, Memblock.Memblock memblock, KernelLog log)
    {
        var maxPfnMapped = state.Input.MaxPfnMapped;
        IEnumerable<int> SizingNodes() => state.NodesParsed.Concat(state.Meminfo.Blocks.Select(b => b.Nid));
        state.Distance.Reset(memblock);
        for (int i = 0; i <= maxEmuNid; i++)
        {
            for (int j = 0; j <= maxEmuNid; j++)
            {
                int physi = emuNidToPhys[i], physj = emuNidToPhys[j];
                int dist;
                if (cmdline.GetOption(out int given) == 2)
                    dist = given;
                else if (physDist is null || physi < 0 || physj < 0 || physi >= physCount || physj >= physCount)
                    dist = physi == physj ? NumaConstants.LocalDistance : NumaConstants.RemoteDistance;
                else
                    dist = physDist[physi * physCount + physj];
                state.Distance.Set(i, j, dist, SizingNodes, memblock, maxPfnMapped, log);
            }
        }
        if (state.Input.Kernel.FakeNodesTakeOverPxms)
            DistancesOfRenumberedNodes(state, emuNidToPhys, maxEmuNid, physDist, physCount, memblock, log, SizingNodes);
    }

    /// <summary>
    /// 6.12's second pass over the new table: a pair with a node past the fake ones (a renumbered physical node) reads
    /// the physical copy at that node's id less the highest fake id. Without a physical table the copy is a null
    /// pointer, which the kernel dereferences in early boot.
    /// </summary>
    private static void DistancesOfRenumberedNodes(NumaState state, int[] emuNidToPhys, int maxEmuNid, byte[]? physDist,
        int physCount, Memblock.Memblock memblock, KernelLog log, Func<IEnumerable<int>> sizingNodes)
    {
        int count = state.Distance.Count;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < count; j++)
            {
                bool fakeI = i <= maxEmuNid && emuNidToPhys[i] != NumaConstants.NoNode;
                bool fakeJ = j <= maxEmuNid && emuNidToPhys[j] != NumaConstants.NoNode;
                if (fakeI && fakeJ)
                    continue;
                if (physDist is null)
                {
                    state.Panic ??= "numa_emulation reads the distances of a physical node left without a fake node from a copy of a distance table that does not exist (no SLIT): the NULL dereference stops the boot with an early page fault";
                    return;
                }
                int physi = fakeI ? emuNidToPhys[i] : i - maxEmuNid;
                int physj = fakeJ ? emuNidToPhys[j] : j - maxEmuNid;
                long at = (long)physi * physCount + physj;
                if (at < 0 || at >= physDist.Length)
                {
                    state.Notes.Add($"numa_emulation read the distance of nodes {i} and {j} past the end of its copy of the physical table; bootemu takes the byte there as 0");
                    state.Distance.Set(i, j, 0, sizingNodes, memblock, state.Input.MaxPfnMapped, log);
                    continue;
                }
                state.Distance.Set(i, j, physDist[at], sizingNodes, memblock, state.Input.MaxPfnMapped, log);
            }
        }
    }
}
