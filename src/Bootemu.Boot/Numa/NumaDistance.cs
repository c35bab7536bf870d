using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Memblock;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The x86 node distance table (numa_distance / numa_distance_cnt in arch/x86/mm/numa.c). It exists only once a
/// valid SLIT sets a distance: numa_alloc_distance then takes it from memblock (a page-aligned
/// memblock_phys_alloc_range below the end of the direct map, so it shifts later allocations) and fills it with
/// 10/20. Without it, __node_distance answers 10 for a node to itself and 20 otherwise.
/// </summary>
internal sealed class NumaDistance(bool memblockAlloc)
{
    private byte[]? _table;
    private int _count;
    private ulong _physBase;
    private bool _allocFailed;
    private bool _warnedOutOfBound;
    private bool _warnedInvalid;

    /// <summary>Where the table sits in physical memory and its size, while it exists.</summary>
    public (ulong Base, ulong Size)? Allocation => _count != 0 ? (_physBase, (ulong)(_count * _count)) : null;

    /// <summary>numa_reset_distance: frees the table back to memblock.</summary>
    public void Reset(Memblock.Memblock memblock)
    {
        if (_count != 0)
            // memblock_free(ptr) hands over to memblock_phys_free, whose debug line names its caller memblock_free.
            memblock.PhysFree(_physBase, (ulong)(_count * _count), "memblock_free");
        _count = 0;
        _table = null;
        _physBase = 0;
        _allocFailed = false;
    }

    /// <summary>
    /// numa_set_distance: allocates the table on first use, sized by the highest node in
    /// <paramref name="sizingNodes"/> (numa_nodes_parsed plus the meminfo nids), then stores one entry.
    /// </summary>
    public void Set(int from, int to, int distance, Func<IEnumerable<int>> sizingNodes, Memblock.Memblock memblock, Pfn maxPfnMapped, KernelLog log)
    {
        // The common case first (a 1,024-node SLIT sets a million entries): the table exists and the entry is valid.
        if (_table is not null && (uint)from < (uint)_count && (uint)to < (uint)_count && (byte)distance == distance
            && (from != to || distance == NumaConstants.LocalDistance))
            _table[from * _count + to] = (byte)distance;
        else
            SetChecked(from, to, distance, sizingNodes, memblock, maxPfnMapped, log);
    }

    /// <summary>numa_set_distance's first call (which allocates the table) and its refusals, each warned about once.</summary>
    private void SetChecked(int from, int to, int distance, Func<IEnumerable<int>> sizingNodes, Memblock.Memblock memblock, Pfn maxPfnMapped, KernelLog log)
    {
        // After a failed allocation the kernel marks the table pointer as "tried" and does not retry: later calls
        // fall through to the bound check against a count of 0.
        if (_table is null && !_allocFailed && !Allocate(sizingNodes(), memblock, maxPfnMapped, log))
            return;
        if (from >= _count || to >= _count || from < 0 || to < 0)
        {
            if (!_warnedOutOfBound)
                log.Warn($"Warning: node ids are out of bound, from={from} to={to} distance={distance}");
            _warnedOutOfBound = true;
            return;
        }
        if ((byte)distance != distance || (from == to && distance != NumaConstants.LocalDistance))
        {
            if (!_warnedInvalid)
                log.Warn($"Warning: invalid distance parameter, from={from} to={to} distance={distance}");
            _warnedInvalid = true;
            return;
        }
        _table![from * _count + to] = (byte)distance;
    }

    /// <summary>numa_distance_cnt: the table's side (0 while there is none).</summary>
    public int Count => _count;

    /// <summary>A copy of the table as it stands, row by row (entry [from * Count + to]; empty while there is none).</summary>
    public byte[] ToArray() => _table is null ? Array.Empty<byte>() : (byte[])_table.Clone();

    /// <summary>numa_alloc_distance.</summary>
    private bool Allocate(IEnumerable<int> sizingNodes, Memblock.Memblock memblock, Pfn maxPfnMapped, KernelLog log)
    {
        int count = sizingNodes.DefaultIfEmpty(-1).Max() + 1;
        ulong size = (ulong)(count * count);
        // 6.1 asks memblock_phys_alloc_range for it below the end of the direct map, 6.12 memblock_alloc (zeroed, up to
        // current_limit, which is the end of the direct map by then): the same place, another memblock=debug line.
        ulong phys = memblockAlloc
            ? memblock.AllocTryNid(size, Pfn.PageSize, 0, Memblock.Memblock.AllocAccessible, Memblock.Memblock.NumaNoNode, "numa_alloc_distance")
            : memblock.PhysAllocRange(size, Pfn.PageSize, 0, maxPfnMapped.Address, "numa_alloc_distance");
        if (phys == 0)
        {
            log.Warn("Warning: can't allocate distance table!");
            _allocFailed = true;
            return false;
        }
        _physBase = phys;
        _count = count;
        _table = new byte[count * count];
        Array.Fill(_table, (byte)NumaConstants.RemoteDistance);
        for (int i = 0; i < count; i++)
            _table[i * count + i] = NumaConstants.LocalDistance;
        log.Debug($"NUMA: Initialized distance table, cnt={count}");
        return true;
    }
}
