using System.Collections.Immutable;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>
/// Removal of offline memory (mm/memory_hotplug.c remove_memory → try_remove_memory) and of a whole node
/// (every block of it, then try_offline_node).
/// </summary>
internal static class HotRemove
{
    public static HotplugOutcome Remove(HotplugMachine m, ulong @base, ulong size, KernelLog log)
    {
        if (size == 0 || @base % m.BlockSize != 0 || size % m.BlockSize != 0)
            return HotplugOutcome.Fail(m, Errno.EINVAL,
                $"the range is not a non-empty multiple of the block size ({m.BlockSize >> 20} MiB); the kernel's try_remove_memory would BUG()");
        ulong end = @base + size;
        var blocks = m.BlocksIn(@base, end).ToList();

        // check_memblock_offlined_cb, block by block.
        int nid = -1;
        foreach (var block in blocks)
        {
            nid = block.Nid;
            if (block.State != BlockState.Offline)
            {
                log.Warn($"removing memory fails, because memory [{Printk.Pa(block.Base)}-{Printk.Pa(block.Base + block.Size - 1)}] is onlined");
                return HotplugOutcome.Fail(m, Errno.EBUSY, $"block {block.Id} is online: only offline memory can be removed");
            }
        }

        // remove_memory_block_devices, arch_remove_memory (frees the memmap), release_mem_region_adjustable.
        m = m with { Blocks = m.Blocks.RemoveRange(blocks.Select(b => b.Id)) };
        m = FreeMemmap(m, @base, end);
        m = m with { Iomem = CutSystemRam(m.Iomem, @base, end) };
        string detail = blocks.Count == 0 ? "no memory blocks in the range" : $"removed blocks {PageAllocator.BlockList(blocks.Select(b => b.Id))}";
        if (nid >= 0)
        {
            var (after, note) = TryOfflineNode(m, nid);
            m = after;
            detail += "; " + note;
        }
        return HotplugOutcome.Ok(m, detail);
    }

    /// <summary>Removes every block of the node (runs of consecutive blocks, each as one remove_memory call).</summary>
    public static HotplugOutcome RemoveNode(HotplugMachine m, int nid, KernelLog log)
    {
        if (Derived.DerivedZoneRules.RemoveNodeRefusal(m, nid) is { } refusal) return HotplugOutcome.Fail(m, Errno.EBUSY, refusal);
        var ids = m.Blocks.Values.Where(b => b.Nid == nid).Select(b => b.Id).ToList();
        if (ids.Count == 0)
        {
            var (after, note) = TryOfflineNode(m, nid);
            return HotplugOutcome.Ok(after, "the node has no memory blocks; " + note);
        }
        for (int i = 0; i < ids.Count;)
        {
            int j = i;
            while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1) j++;
            ulong start = (ulong)ids[i] * m.BlockSize;
            var outcome = Remove(m, start, (ulong)(j - i + 1) * m.BlockSize, log);
            if (!outcome.Succeeded) return outcome with { Machine = m };
            m = outcome.Machine;
            i = j + 1;
        }
        var (final, nodeNote) = TryOfflineNode(m, nid);
        return HotplugOutcome.Ok(final, $"removed blocks {PageAllocator.BlockList(ids)}; {nodeNote}");
    }

    /// <summary>
    /// try_offline_node: the node goes offline only when it spans no pages, no memory block still names it, and no
    /// present CPU belongs to it. NODE_DATA is never freed.
    /// </summary>
    public static (HotplugMachine Machine, string Note) TryOfflineNode(HotplugMachine m, int nid)
    {
        if (!m.OnlineNodes.Contains(nid)) return (m, $"node {nid} is offline");
        if (m.NodeSpannedPages(nid) != 0) return (m, $"node {nid} stays online: it still spans memory");
        if (m.Blocks.Values.Any(b => b.Nid == nid)) return (m, $"node {nid} stays online: memory blocks still belong to it");
        if (m.Cpus.TryGetValue(nid, out var cpus) && !cpus.IsEmpty)
            return (m, $"node {nid} stays online as a memoryless node: CPUs {string.Join(",", cpus)} are present on it");
        return (m with { OnlineNodes = m.OnlineNodes.Remove(nid) }, $"node {nid} is now offline");
    }

    /// <summary>arch_remove_memory frees the vmemmap of the removed sections; memmap_on_memory pages go with the range.</summary>
    private static HotplugMachine FreeMemmap(HotplugMachine m, ulong start, ulong end)
    {
        var kept = ImmutableArray.CreateBuilder<HotAddedRange>();
        foreach (var added in m.Added)
        {
            if (added.End <= start || added.Base >= end) { kept.Add(added); continue; }
            ulong removedBytes = Math.Min(end, added.End) - Math.Max(start, added.Base);
            ulong toFree = (removedBytes >> Bootemu.Core.Pfn.PageShift) / HotAdd.PagesPerMemmapPage;
            var remainingIn = ImmutableArray.CreateBuilder<(long Block, ulong Pages)>();
            foreach (var (block, pages) in added.MemmapIn)
            {
                ulong free = Math.Min(pages, toFree);
                toFree -= free;
                if (free != 0 && m.Block(block) is { } b) m = m.WithBlock(b.WithUsed(AllocationKind.Memmap, -(long)free));
                if (pages > free) remainingIn.Add((block, pages - free));
            }
            if (added.Base < start) kept.Add(added with { Size = start - added.Base, MemmapIn = remainingIn.ToImmutable() });
            if (added.End > end) kept.Add(added with { Base = end, Size = added.End - end, MemmapIn = added.Base < start ? ImmutableArray<(long, ulong)>.Empty : remainingIn.ToImmutable() });
        }
        return m with { Added = kept.ToImmutable() };
    }

    private static ImmutableArray<IomemRange> CutSystemRam(ImmutableArray<IomemRange> iomem, ulong start, ulong end)
    {
        var result = ImmutableArray.CreateBuilder<IomemRange>();
        foreach (var r in iomem)
        {
            if (!r.IsSystemRam || r.End <= start || r.Start >= end) { result.Add(r); continue; }
            if (r.Start < start) result.Add(r with { End = start });
            if (r.End > end) result.Add(r with { Start = end });
        }
        return result.ToImmutable();
    }
}
