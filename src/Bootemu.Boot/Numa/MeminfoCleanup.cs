using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Numa;

/// <summary>
/// numa_cleanup_meminfo (arch/x86/mm/numa.c in 6.1, mm/numa_memblks.c in 6.12). First a trim pass in table order:
/// ranges with no memblock memory at all move to numa_reserved_meminfo; the others are clipped to the kernel's bounds
/// (<see cref="Kernel.NumaMeminfoBounds"/>), the part above the upper bound copied to numa_reserved_meminfo.
/// Then a merge pass: overlapping ranges of different nodes make NUMA fail; ranges of one node are joined into
/// their hull (holes included) unless the hull would touch another node's range, which keeps interleaved
/// layouts apart.
/// </summary>
internal static class MeminfoCleanup
{
    /// <summary>Returns 0, or -EINVAL when two nodes overlap.</summary>
    public static int Run(NumaMeminfo meminfo, NumaMeminfo reserved, NumaInput input, Memblock.Memblock memblock, KernelLog log)
    {
        var (low, high) = Bounds(input, memblock);
        Trim(meminfo, reserved, low, high, memblock, log);
        return Merge(meminfo, log);
    }

    /// <summary>[low, high): 6.1 keeps [0, max_pfn); 6.12 keeps what memblock.memory spans (start and end of DRAM).</summary>
    private static (ulong Low, ulong High) Bounds(NumaInput input, Memblock.Memblock memblock)
    {
        if (input.Kernel.MeminfoBounds == Kernel.NumaMeminfoBounds.ZeroToMaxPfn)
            return (0, input.MaxPfn.Address);
        var regions = memblock.Memory.Regions;
        return regions.Count == 0 ? (0, 0) : (regions[0].Base, regions[^1].Base + regions[^1].Size);
    }

    private static void Trim(NumaMeminfo meminfo, NumaMeminfo reserved, ulong low, ulong high, Memblock.Memblock memblock, KernelLog log)
    {
        for (int i = 0; i < meminfo.Count; i++)
        {
            var block = meminfo[i];
            if (!memblock.Memory.Overlaps(block.Start, block.End))
            {
                meminfo.MoveTail(i--, reserved);
                continue;
            }
            if (block.Start < low)
            {
                block = block with { Start = low };
                meminfo[i] = block;
            }
            if (block.End > high)
            {
                reserved.Add(block.Nid, high, block.End, log);
                block = block with { End = high };
                meminfo[i] = block;
            }
            if (block.Start >= block.End)
                meminfo.RemoveAt(i--);
        }
    }

    private static int Merge(NumaMeminfo meminfo, KernelLog log)
    {
        for (int i = 0; i < meminfo.Count; i++)
        {
            for (int j = i + 1; j < meminfo.Count; j++)
            {
                j = NextOverlappingOrSameNode(meminfo.AsSpan(), i, j);
                if (j == meminfo.Count)
                    break;
                var bi = meminfo[i];
                var bj = meminfo[j];
                if (bi.End > bj.Start && bi.Start < bj.End)
                {
                    if (bi.Nid != bj.Nid)
                    {
                        log.Err($"node {bi.Nid} {Printk.Mem10(bi.Start, bi.End - 1)} overlaps with node {bj.Nid} {Printk.Mem10(bj.Start, bj.End - 1)}");
                        return NumaConstants.EInval;
                    }
                    log.Warn($"Warning: node {bi.Nid} {Printk.Mem10(bi.Start, bi.End - 1)} overlaps with itself {Printk.Mem10(bj.Start, bj.End - 1)}");
                }
                if (bi.Nid != bj.Nid)
                    continue;
                ulong start = Math.Min(bi.Start, bj.Start);
                ulong end = Math.Max(bi.End, bj.End);
                if (HullTouchesOtherNode(meminfo, bi.Nid, start, end))
                    continue;
                log.Info($"NUMA: Node {bi.Nid} {Printk.Mem10(bi.Start, bi.End - 1)} + {Printk.Mem10(bj.Start, bj.End - 1)} -> {Printk.Mem10(start, end - 1)}");
                meminfo[i] = new NumaMemblk(start, end, bi.Nid);
                meminfo.RemoveAt(j--);
            }
        }
        return 0;
    }

    /// <summary>
    /// The first entry from <paramref name="j"/> on that overlaps entry <paramref name="i"/> or belongs to its node
    /// (the count when there is none). The kernel's pair loop does nothing for the other pairs, and with 2,048
    /// entries those are nearly all of its two million.
    /// </summary>
    private static int NextOverlappingOrSameNode(ReadOnlySpan<NumaMemblk> blocks, int i, int j)
    {
        var bi = blocks[i];
        for (; j < blocks.Length; j++)
        {
            var bj = blocks[j];
            if (bj.Nid == bi.Nid || (bi.End > bj.Start && bi.Start < bj.End))
                return j;
        }
        return j;
    }

    private static bool HullTouchesOtherNode(NumaMeminfo meminfo, int nid, ulong start, ulong end)
    {
        foreach (var bk in meminfo.AsSpan())
        {
            if (bk.Nid != nid && start < bk.End && end > bk.Start)
                return true;
        }
        return false;
    }
}
