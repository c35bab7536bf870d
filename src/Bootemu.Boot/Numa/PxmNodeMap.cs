namespace Bootemu.Boot.Numa;

/// <summary>
/// pxm_to_node_map / node_to_pxm_map and acpi_map_pxm_to_node (drivers/acpi/numa/srat.c): a proximity domain
/// seen for the first time gets the lowest node id not handed out yet, so node ids are dense and follow the order
/// in which PXMs first appear, whatever their values. The map lives for the whole boot: the x86 NUMA frame does
/// not reset it when an attempt fails.
/// </summary>
internal sealed class PxmNodeMap
{
    private readonly Dictionary<int, int> _pxmToNode = new();
    private readonly List<(int Pxm, int Node)> _order = new();
    private readonly System.Collections.BitArray _nodesFound = new(NumaConstants.MaxNumNodes); // nodes_found_map
    private int _lowestFree;

    /// <summary>numa_off: with numa=off every lookup fails.</summary>
    public bool NumaOff { get; init; }

    /// <summary>acpi_map_pxm_to_node: the node of <paramref name="pxm"/>, creating the mapping on first sight; NUMA_NO_NODE when out of range.</summary>
    public int Map(int pxm)
    {
        if (pxm < 0 || pxm >= NumaConstants.MaxPxmDomains || NumaOff)
            return NumaConstants.NoNode;
        if (_pxmToNode.TryGetValue(pxm, out int node))
            return node;
        while (_lowestFree < _nodesFound.Length && _nodesFound[_lowestFree])
            _lowestFree++;
        if (_lowestFree >= NumaConstants.MaxNumNodes)
            return NumaConstants.NoNode;
        node = _lowestFree;
        _nodesFound[node] = true;
        _pxmToNode.Add(pxm, node);
        _order.Add((pxm, node));
        return node;
    }

    /// <summary>pxm_to_node: lookup only.</summary>
    public int NodeOf(int pxm) =>
        !NumaOff && _pxmToNode.TryGetValue(pxm, out int node) ? node : NumaConstants.NoNode;

    /// <summary>The mappings in the order they were made.</summary>
    public IReadOnlyList<(int Pxm, int Node)> Mappings => _order;

    /// <summary>node_to_pxm_map: each mapped node's PXM (the lowest, when several PXMs share a node), by ascending node.</summary>
    public SortedDictionary<int, int> NodeToPxm()
    {
        var result = new SortedDictionary<int, int>();
        foreach (var (pxm, node) in _order)
            if (!result.TryGetValue(node, out int known) || pxm < known)
                result[node] = pxm;
        return result;
    }

    /// <summary>
    /// fix_pxm_node_maps' overwrite: the PXM → node pairs become exactly <paramref name="pxmToNode"/> (by ascending PXM).
    /// nodes_found_map is left as it was, as the kernel leaves it.
    /// </summary>
    public void Replace(IReadOnlyDictionary<int, int> pxmToNode)
    {
        _pxmToNode.Clear();
        _order.Clear();
        foreach (var (pxm, node) in pxmToNode.OrderBy(p => p.Key))
        {
            _pxmToNode.Add(pxm, node);
            _order.Add((pxm, node));
        }
    }
}
