using Bootemu.Core.Logging;

namespace Bootemu.Boot.Numa;

/// <summary>
/// fix_pxm_node_maps (drivers/acpi/numa/srat.c, 6.12 only; <see cref="Kernel.KernelModel.FakeNodesTakeOverPxms"/>): after
/// emulation each PXM belongs to the lowest fake node cut from its physical node, and every physical node that got
/// no fake node (one with CPUs or hot-add ranges only) is renumbered into the first free id above the fake ones and
/// made possible. Its two copies are __initdata statics filled across calls, so one instance lives for the whole boot:
/// a second emulation run finds them taken and fails with the kernel's warning.
/// </summary>
internal sealed class FakePxmMaps
{
    private readonly SortedDictionary<int, int> _nodeToPxm = new();
    private readonly Dictionary<int, int> _pxmToNode = new();

    /// <summary>Returns 0 (maps updated, or nothing to do) or -1 (emulation must be abandoned).</summary>
    public int Fix(NumaState state, int[] emuNidToPhys, int maxEmuNid, KernelLog log)
    {
        if (state.Input.Numa == Machine.NumaMode.Off)
            return -1;
        // numa=noacpi or a rejected SRAT: no PXM mapping to fix.
        if (state.SratDisabled)
            return 0;

        var physToPxm = state.Pxm.NodeToPxm();
        int index = -1;
        foreach (var (phys, pxm) in physToPxm)
        {
            for (int j = 0; j <= maxEmuNid; j++)
            {
                if (emuNidToPhys[j] != phys)
                    continue;
                if (_nodeToPxm.TryGetValue(j, out int bound))
                {
                    log.Warn($"Node {j} is already binded to PXM {bound}");
                    return -1;
                }
                _nodeToPxm[j] = pxm;
                index = Math.Max(index, j);
            }
        }
        if (index == -1)
            return 0;
        if (index != maxEmuNid)
        {
            log.Warn($"{index} max nid  when expected {maxEmuNid}");
            return -1;
        }

        var enable = new List<int>();
        foreach (var (phys, pxm) in physToPxm)
        {
            if (Array.IndexOf(emuNidToPhys, phys, 0, maxEmuNid + 1) >= 0)
                continue;
            int hole = 0;
            while (hole < NumaConstants.MaxNumNodes && _nodeToPxm.ContainsKey(hole))
                hole++;
            if (hole == NumaConstants.MaxNumNodes)
            {
                log.Warn("Number of nodes exceeds MAX_NUMNODES");
                return -1;
            }
            _nodeToPxm[hole] = pxm;
            enable.Add(hole);
        }

        foreach (var (node, pxm) in _nodeToPxm)
            _pxmToNode.TryAdd(pxm, node);
        state.Pxm.Replace(_pxmToNode);
        // The nodes of unused physical nodes become possible, so memory hot-added to them later finds a node.
        state.NodesParsed.UnionWith(enable);
        return 0;
    }
}
