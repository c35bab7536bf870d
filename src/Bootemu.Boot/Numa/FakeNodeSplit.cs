using Bootemu.Boot.Model;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The three ways numa_emulation carves fake nodes out of the physical ones (numa_emulation.c: split_nodes_interleave for
/// numa=fake=N, split_nodes_size_interleave_uniform for numa=fake=SIZE and, one physical node at a time, numa=fake=NU).
/// Each fake node is cut off the front of its physical node's first remaining block (emu_setup_memblk), so the
/// physical copy <see cref="Physical"/> shrinks as <see cref="Emulated"/> grows. Sizes count RAM, not address space: a
/// node is stretched in FAKE_NODE_MIN_SIZE steps over holes (mem_hole_size: the pages memblock.memory lacks), and
/// the arithmetic is the kernel's unsigned 64-bit arithmetic, wrap-arounds included.
/// </summary>
internal sealed class FakeNodeSplit(NumaMeminfo physical, IReadOnlyCollection<int> physicalNodes, MemPfnRanges memory, KernelLog log)
{
    /// <summary>FAKE_NODE_MIN_SIZE: 32 MiB, the grain of every fake node size.</summary>
    public const ulong MinSize = 32UL << 20;

    /// <summary>FAKE_NODE_MIN_HASH_MASK.</summary>
    private const ulong MinSizeMask = ~(MinSize - 1);

    /// <summary>numa_emu_dma_end / PFN_PHYS(MAX_DMA32_PFN): a fake node never leaves less than MinSize of RAM below it.</summary>
    private static readonly ulong Dma32End = ArchZoneRanges.MaxDma32Pfn.Address;

    /// <summary>pi: what is left of the physical blocks.</summary>
    public NumaMeminfo Physical => physical;

    /// <summary>ei: the fake nodes so far.</summary>
    public NumaMeminfo Emulated { get; } = new();

    /// <summary>emu_nid_to_phys: the physical node each fake node was first cut from (NUMA_NO_NODE for none).</summary>
    public int[] EmuNidToPhys { get; } = Enumerable.Repeat(NumaConstants.NoNode, NumaConstants.MaxNumNodes).ToArray();

    /// <summary>mem_hole_size: the bytes of whole pages in [start, end) that memblock.memory does not hold.</summary>
    public ulong HoleSize(ulong start, ulong end)
    {
        var startPfn = Pfn.Up(start);
        var endPfn = Pfn.Down(end);
        if (startPfn >= endPfn)
            return 0;
        return (endPfn - startPfn - memory.PagesIn(startPfn, endPfn)) << Pfn.PageShift;
    }

    /// <summary>split_nodes_interleave: <paramref name="nrNodes"/> fake nodes of equal RAM, dealt round robin over the physical nodes. Returns 0 or a negative error.</summary>
    public int Interleave(ulong addr, ulong maxAddr, int nrNodes)
    {
        if (nrNodes <= 0)
            return -1;
        if (nrNodes > NumaConstants.MaxNumNodes)
        {
            log.Info($"numa=fake={nrNodes} too large, reducing to {NumaConstants.MaxNumNodes}");
            nrNodes = NumaConstants.MaxNumNodes;
        }

        ulong size = unchecked(maxAddr - addr - HoleSize(addr, maxAddr));
        size = (size >> Pfn.PageShift) / (ulong)nrNodes << Pfn.PageShift;
        // The remainders below MinSize, pooled, make this many nodes one MinSize bigger.
        ulong big = unchecked((size & ~MinSizeMask) * (ulong)nrNodes) / MinSize;
        size &= MinSizeMask;
        if (size == 0)
        {
            log.Err("Not enough memory for each node.  NUMA emulation disabled.");
            return -1;
        }

        int nid = 0;
        return FillPhysicalNodes(physicalNodes, (start, limit) =>
        {
            ulong end = unchecked(start + size);
            if ((ulong)nid < big)
                end = unchecked(end + MinSize);
            while (unchecked(end - start - HoleSize(start, end)) < size)
            {
                end = unchecked(end + MinSize);
                if (end > limit)
                {
                    end = limit;
                    break;
                }
            }
            end = ExtendToDma32End(end);
            // Too little RAM left behind for another node: this one takes the rest of the physical node.
            if (unchecked(limit - end - HoleSize(end, limit)) < size)
                end = limit;
            return (nid++ % nrNodes, end);
        });
    }

    /// <summary>
    /// split_nodes_size_interleave_uniform. With <paramref name="uniformBlock"/> null (numa=fake=SIZE): nodes of at least
    /// <paramref name="size"/> RAM over every physical node, ids counting up from <paramref name="nid"/> modulo
    /// MAX_NUMNODES. Otherwise (numa=fake=NU): the physical node of that block split into <paramref name="nrNodes"/>
    /// equal address ranges, holes ignored. Returns the next free id, or a negative error.
    /// </summary>
    public int SizeInterleave(ulong addr, ulong maxAddr, ulong size, int nrNodes, NumaMemblk? uniformBlock, int nid)
    {
        if ((size == 0 && nrNodes == 0) || (nrNodes != 0 && uniformBlock is null))
            return -1;

        IReadOnlyCollection<int> nodes = physicalNodes;
        bool uniform = nrNodes != 0;
        ulong minSize;
        if (uniform)
        {
            nodes = [uniformBlock!.Value.Nid];
            minSize = UniformSize(maxAddr, addr, 0, nrNodes);
            size = minSize;
        }
        else
        {
            // Never more than MAX_NUMNODES nodes: the size grows so that they cover the machine.
            nrNodes = NumaConstants.MaxNumNodes;
            minSize = UniformSize(maxAddr, addr, HoleSize(addr, maxAddr), nrNodes);
        }
        minSize = AlignUp(Math.Max(minSize, MinSize), MinSize);
        if (size < minSize)
        {
            log.Err($"Fake node size {size >> 20}MB too small, increasing to {minSize >> 20}MB");
            size = minSize;
        }
        size &= MinSizeMask;

        int result = FillPhysicalNodes(nodes, (start, limit) =>
        {
            ulong end = uniform ? unchecked(start + size) : EndOfNode(start, limit, size);
            end = ExtendToDma32End(end);
            if (!uniform && unchecked(limit - end - HoleSize(end, limit)) < size)
                end = limit;
            return (nid++ % NumaConstants.MaxNumNodes, end);
        });
        return result < 0 ? result : nid;
    }

    /// <summary>
    /// The loop both splits share: round after round, each physical node still holding a block gives its first block's
    /// front to one fake node, until no physical node has memory left. <paramref name="nextNode"/> picks the fake node's
    /// id and end for a block [start, limit).
    /// </summary>
    private int FillPhysicalNodes(IReadOnlyCollection<int> nodes, Func<ulong, ulong, (int Nid, ulong End)> nextNode)
    {
        var remaining = new SortedSet<int>(nodes);
        while (remaining.Count > 0)
        {
            foreach (int i in remaining.ToArray())
            {
                int phys = FirstBlockOf(i);
                if (phys < 0)
                {
                    remaining.Remove(i);
                    continue;
                }
                var block = physical[phys];
                var (nid, end) = nextNode(block.Start, block.End);
                int ret = SetupMemblk(nid, phys, unchecked(Math.Min(end, block.End) - block.Start));
                if (ret < 0)
                    return ret;
            }
        }
        return 0;
    }

    /// <summary>When less than MinSize of RAM would be left below 4 GiB after <paramref name="end"/>, the node runs to 4 GiB.</summary>
    private ulong ExtendToDma32End(ulong end) =>
        end < Dma32End && Dma32End - end - HoleSize(end, Dma32End) < MinSize ? Dma32End : end;

    /// <summary>find_end_of_node: the first end, in MinSize steps, with <paramref name="size"/> of RAM, at most <paramref name="maxAddr"/>.</summary>
    private ulong EndOfNode(ulong start, ulong maxAddr, ulong size)
    {
        ulong end = unchecked(start + size);
        while (unchecked(end - start - HoleSize(start, end)) < size)
        {
            end = unchecked(end + MinSize);
            if (end > maxAddr)
                return maxAddr;
        }
        return end;
    }

    /// <summary>uniform_size: the pages of [base, maxAddr) less the hole's, shared out over the nodes, in bytes.</summary>
    private static ulong UniformSize(ulong maxAddr, ulong @base, ulong hole, int nrNodes) =>
        unchecked((maxAddr >> Pfn.PageShift) - (@base >> Pfn.PageShift) - (hole >> Pfn.PageShift)) / (ulong)nrNodes << Pfn.PageShift;

    private static ulong AlignUp(ulong value, ulong align) => unchecked(value + align - 1) & ~(align - 1);

    /// <summary>emu_find_memblk_by_nid: the index of the first block of node <paramref name="nid"/> left, or -1.</summary>
    private int FirstBlockOf(int nid)
    {
        for (int i = 0; i < physical.Count; i++)
            if (physical[i].Nid == nid)
                return i;
        return -1;
    }

    /// <summary>emu_setup_memblk: fake node <paramref name="nid"/> takes <paramref name="size"/> bytes off the front of physical block <paramref name="phys"/>.</summary>
    private int SetupMemblk(int nid, int phys, ulong size)
    {
        if (Emulated.Count >= NumaMeminfo.MaxBlocks)
        {
            log.Err("NUMA: Too many emulated memblks, failing emulation");
            return NumaConstants.EInval;
        }
        var pb = physical[phys];
        var eb = new NumaMemblk(pb.Start, unchecked(pb.Start + size), nid);
        Emulated.AddUnchecked(eb);
        if (EmuNidToPhys[nid] == NumaConstants.NoNode)
            EmuNidToPhys[nid] = pb.Nid;

        ulong rest = unchecked(pb.Start + size);
        if (rest >= pb.End)
            physical.RemoveAt(phys);
        else
            physical[phys] = pb with { Start = rest };

        log.Info($"Faking node {nid} at {Printk.Mem18(eb.Start, unchecked(eb.End - 1))} ({unchecked(eb.End - eb.Start) >> 20}MB)");
        return 0;
    }
}
