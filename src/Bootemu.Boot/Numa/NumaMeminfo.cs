using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Numa;

/// <summary>
/// struct numa_meminfo (arch/x86/mm/numa.c): the list of node memory ranges gathered from the SRAT,
/// bounded at NR_NODE_MEMBLKS entries. Used for both <c>numa_meminfo</c> and <c>numa_reserved_meminfo</c>.
/// Mutable working state of one emulated boot; results are exported as immutable copies.
/// </summary>
internal sealed class NumaMeminfo
{
    /// <summary>NR_NODE_MEMBLKS = 2 × MAX_NUMNODES on x86_64.</summary>
    public const int MaxBlocks = 2 * NumaConstants.MaxNumNodes;

    private readonly List<NumaMemblk> _blocks = new();

    public int Count => _blocks.Count;

    public NumaMemblk this[int index]
    {
        get => _blocks[index];
        set => _blocks[index] = value;
    }

    public IReadOnlyList<NumaMemblk> Blocks => _blocks;

    /// <summary>The entries as they stand, for a fast scan; valid until the next change.</summary>
    public ReadOnlySpan<NumaMemblk> AsSpan() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_blocks);

    public void Clear() => _blocks.Clear();

    /// <summary>
    /// numa_add_memblk_to: zero-length ranges are dropped silently, inverted ranges and bad node ids are
    /// dropped with a warning (both count as success, returning 0); a full list returns -EINVAL.
    /// </summary>
    public int Add(int nid, ulong start, ulong end, KernelLog log)
    {
        if (start == end)
            return 0;
        if (start > end || nid < 0 || nid >= NumaConstants.MaxNumNodes)
        {
            log.Warn($"Warning: invalid memblk node {nid} {Printk.Mem10(start, end - 1)}");
            return 0;
        }
        if (_blocks.Count >= MaxBlocks)
        {
            log.Err("too many memblk ranges");
            return NumaConstants.EInval;
        }
        _blocks.Add(new NumaMemblk(start, end, nid));
        return 0;
    }

    /// <summary>Appends a block as it is, as emu_setup_memblk fills the emulated list (it checks the limit itself).</summary>
    public void AddUnchecked(NumaMemblk block) => _blocks.Add(block);

    /// <summary>A struct copy (pi = *numa_meminfo): the blocks as they stand, changed independently from here on.</summary>
    public NumaMeminfo Copy()
    {
        var copy = new NumaMeminfo();
        copy._blocks.AddRange(_blocks);
        return copy;
    }

    /// <summary>*numa_meminfo = ei: this list takes <paramref name="other"/>'s blocks.</summary>
    public void ReplaceWith(NumaMeminfo other)
    {
        _blocks.Clear();
        _blocks.AddRange(other._blocks);
    }

    /// <summary>numa_remove_memblk_from: removes one entry, keeping the order of the rest.</summary>
    public void RemoveAt(int index) => _blocks.RemoveAt(index);

    /// <summary>
    /// numa_move_tail_memblk: appends entry <paramref name="index"/> to <paramref name="destination"/> (without the
    /// size check numa_add_memblk_to does) and removes it here.
    /// </summary>
    public void MoveTail(int index, NumaMeminfo destination)
    {
        destination._blocks.Add(_blocks[index]);
        _blocks.RemoveAt(index);
    }
}
