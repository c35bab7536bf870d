using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// Hot-add of one ACPI memory device (drivers/acpi/acpi_memhotplug.c acpi_memory_enable_device →
/// mm/memory_hotplug.c __add_memory → add_memory_resource), then auto-online.
/// </summary>
internal static class HotAdd
{
    /// <summary>MAX_PHYSMEM_BITS with 4-level paging: the highest address arch_add_memory can map.</summary>
    public static readonly ulong MaxAddressable = Pfn.PhysmemEnd.Address - 1;

    /// <summary>sizeof(struct page) / PAGE_SIZE: memmap pages per page of memory is 1/64.</summary>
    public const ulong PagesPerMemmapPage = Pfn.PageSize / 64;

    /// <param name="nid">The node from the device's _PXM; null when it has none (memory_add_physaddr_to_nid decides).</param>
    public static HotplugOutcome Add(HotplugMachine m, ulong @base, ulong size, int? nid, KernelLog log)
    {
        int node = nid ?? NumaLookup.MemoryAddPhysaddrToNid(m.NumaMeminfo, @base);

        // memory_group_register_static: the group's node must be possible.
        if (!m.PossibleNodes.Contains(node))
            return HotplugOutcome.Fail(m, Errno.EINVAL,
                $"node {node} is not possible (not in the boot SRAT): the memory group cannot be registered, so no new node can appear");

        // register_memory_resource → mhp_range_allowed.
        ulong end = @base + size;
        if (!(@base < end && end - 1 <= MaxAddressable))
        {
            log.Warn($"Hotplug memory [{Printk.AltHex(@base)}-{Printk.AltHex(end)}] exceeds maximum addressable range [{Printk.AltHex(0UL)}-{Printk.AltHex(MaxAddressable)}]");
            return HotplugOutcome.Fail(m, Errno.E2BIG, "the range is empty or beyond the addressable range");
        }
        if (IomemConflict(m, @base, end) is { } conflict)
        {
            log.Debug($"Unable to reserve System RAM region: {Printk.Hex(@base, 16)}->{Printk.Hex(end, 16)}");
            return HotplugOutcome.Fail(m, Errno.EEXIST,
                $"the range overlaps iomem \"{conflict.Name}\" [mem {Printk.AltHex(conflict.Start, 10)}-{Printk.AltHex(conflict.End - 1, 10)}]");
        }

        // add_memory_resource → check_hotplug_memory_range.
        if (size % m.BlockSize != 0 || @base % m.BlockSize != 0)
        {
            log.Err($"Block size [{Printk.AltHex(m.BlockSize)}] unaligned hotplug range: start {Printk.AltHex(@base)}, size {Printk.AltHex(size)}");
            return HotplugOutcome.Fail(m, Errno.EINVAL, $"start and size must be multiples of the block size ({m.BlockSize >> 20} MiB)");
        }

        var original = m;
        // __try_online_node: a node that was offline gets NODE_DATA and empty zones (they already are empty here).
        bool newNode = !m.OnlineNodes.Contains(node);
        // hotadd_init_pgdat builds the new node's own zonelist before the node is marked online.
        if (newNode) m = ZonelistRebuild.Rebuild(m, m.OnlineNodes.Where(m.HasMemory).ToList(), log, newNode: node);

        // arch_add_memory → vmemmap: self-hosted with memmap_on_memory (on 6.1 only for a one-block add; 6.12 gives every
        // block of any add its own altmap), else kernel memory.
        bool selfHosted = m.Policy.MemmapOnMemory && (m.Policy.MemmapOnMemoryForEveryBlock || size == m.BlockSize);
        ulong pages = size >> Pfn.PageShift;
        var memmapIn = ImmutableArray<(long Block, ulong Pages)>.Empty;
        if (!selfHosted)
        {
            ulong memmapPages = pages / PagesPerMemmapPage;
            var (after, placed, missing) = PageAllocator.Allocate(m, AllocationKind.Memmap, memmapPages, node, unit: MemorySection.PagesPerPmd);
            if (missing != 0)
                return HotplugOutcome.Fail(original, Errno.ENOMEM,
                    $"no room for the memmap: {memmapPages} pages (2 MiB per 128 MiB section) of free kernel-zone memory are needed, {missing} are missing");
            m = after;
            memmapIn = placed.Select(p => (p.Block, p.Pages)).ToImmutableArray();
        }

        // create_memory_block_devices: offline blocks, linked to the node, no zone yet.
        int groupId = m.Groups.IsEmpty ? 0 : m.Groups.Max(g => g.Id) + 1;
        m = m with { Groups = m.Groups.Add(new MemoryGroup(groupId, pages, 0, 0)) };
        var created = new List<long>();
        for (ulong a = @base; a < end; a += m.BlockSize)
        {
            long id = (long)(a / m.BlockSize);
            m = m.WithBlock(new MemoryBlock
            {
                Id = id,
                StartPfn = Pfn.Down(a),
                Pages = m.PagesPerBlock,
                State = BlockState.Offline,
                Nid = node,
                Nodes = [node],
                Group = groupId,
                VmemmapPages = selfHosted ? m.PagesPerBlock / PagesPerMemmapPage : 0,
                SystemRamPages = m.PagesPerBlock,
            });
            created.Add(id);
        }
        m = m with
        {
            OnlineNodes = m.OnlineNodes.Add(node),
            Iomem = m.Iomem.Add(new IomemRange(@base, end, "System RAM")).Sort((x, y) => x.Start.CompareTo(y.Start)),
            Added = m.Added.Add(new HotAddedRange(@base, size, memmapIn)),
        };
        if (m.Settings.Rules == HotplugRules.Linux38)
            m = m.WithZone(ZoneSpans.Grow(m.Zone(node, ZoneType.Normal), Pfn.Down(@base), pages));

        string detail = $"blocks {PageAllocator.BlockList(created)} on node {node}{(newNode ? " (node onlined)" : "")}{SratNote(m, @base, end, node)}, memmap "
            + (selfHosted ? "on the added memory itself" : "in " + string.Join(", ", memmapIn.GroupBy(p => m.Blocks[p.Block].Nid).Select(g => $"node {g.Key}")));

        // Auto-online (memhp_default_state / auto_online_blocks): its result is not reported back by the kernel.
        var type = m.AutoOnlineType;
        if (type != OnlineType.Offline)
        {
            foreach (long id in created)
            {
                var online = BlockOnline.Online(m, id, type, log);
                m = online.Machine;
            }
            detail += $"; auto-onlined ({type.ToWord()})";
        }
        return HotplugOutcome.Ok(m, detail);
    }

    /// <summary>
    /// The kernel does not check the SRAT when memory is added (the device's _PXM decides), but a range outside the
    /// SRAT's hot-pluggable capacity, or listed for another node, is worth saying.
    /// </summary>
    private static string SratNote(HotplugMachine m, ulong start, ulong end, int node)
    {
        var holder = m.HotplugCapacity.FirstOrDefault(c => start >= c.Base && end <= c.End && c.Size != 0);
        if (holder is null) return " (not inside an SRAT range that was empty at boot)";
        return holder.Nid == node ? "" : $" (the SRAT lists this range for node {holder.Nid})";
    }

    /// <summary>
    /// __request_region: the new range conflicts with any overlapping busy resource. e820 reserved ranges above
    /// 1 MiB are not busy, so a range wholly inside one is requested inside it.
    /// </summary>
    private static IomemRange? IomemConflict(HotplugMachine m, ulong start, ulong end)
    {
        foreach (var r in m.Iomem)
        {
            if (r.End <= start || r.Start >= end) continue;
            bool notBusy = r.Name is "Reserved" or "Soft Reserved" or "Persistent Memory" or "Persistent Memory (legacy)" && r.Start >= 0x100000;
            if (notBusy && start >= r.Start && end <= r.End) continue;
            return r;
        }
        return null;
    }
}
