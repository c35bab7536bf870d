using Bootemu.Boot.Model;
using Bootemu.Boot.Setup;
using Bootemu.Boot.Sparse;
using Bootemu.Core.Logging;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Sparse;

public class SparseInitTests
{
    private static readonly Bootemu.Boot.Kernel.BootCallers Callers61 = Bootemu.Boot.Kernel.KernelModel.Linux61.Callers;

    private const string TraceCase = "memblock_debug_srat2_hp1_movable_node";

    /// <summary>
    /// memblock after NUMA init under movable_node, shaped like the memblock=debug boot: RAM [4K, 636K),
    /// [1M, 2G - 128K) and [4G, <paramref name="ramEnd"/>); node 0 below <paramref name="node1Start"/>, node 1
    /// (HOTPLUG) from it; the first MiB and the kernel image reserved; current_limit at max_pfn.
    /// </summary>
    private static Memblock.Memblock MovableNodeMemblock(KernelLog log, ulong node1Start, ulong ramEnd)
    {
        var mb = new Memblock.Memblock(log) { MovableNode = true };
        mb.AllowResize();
        mb.Add(0x1000, 0x9e000);
        mb.Add(0x100000, 0x7fee0000);
        mb.Add(0x100000000, ramEnd - 0x100000000);
        mb.Reserve(0, 0x100000);
        mb.Reserve(0x1000000, 0x3411000);
        mb.SetNode(0, node1Start, MemblockTypeKind.Memory, 0);
        mb.SetNode(node1Start, ramEnd - node1Start, MemblockTypeKind.Memory, 1);
        mb.MarkHotplug(node1Start, ramEnd - node1Start);
        mb.CurrentLimit = ramEnd;
        return mb;
    }

    /// <summary>
    /// memblock as the real kernel had it after NUMA init in the memblock=debug boot (its second
    /// MEMBLOCK configuration dump): node 0 = [4K, 2G) with the kernel, node 1 = [4G, 6G) HOTPLUG.
    /// </summary>
    private static Memblock.Memblock AfterNumaInit(KernelLog log)
    {
        var mb = MovableNodeMemblock(log, 0x100000000, 0x180000000);
        mb.Reserve(0x7fee4000, 0xfe393);
        mb.SetNode(0, 0x80000000, MemblockTypeKind.Reserved, 0);
        mb.Reserve(0x7fe8e000, 0x56000); // NODE_DATA(1) then NODE_DATA(0), after the nids were set
        mb.Debug = true;
        return mb;
    }

    private static readonly Dictionary<int, ulong> NodeData = new() { [0] = 0x7feb9000, [1] = 0x7fe8e000 };

    [Test]
    public void Memblock_calls_match_the_real_sparse_init_trace_line_for_line()
    {
        var log = new KernelLog();
        var mb = AfterNumaInit(log);
        SparseInit.Run(mb, NodeData, new BootAllocations(), log, Callers61);

        var expected = ConformanceCase.Load(TraceCase).Between("memblock_alloc_try_nid: 32768 bytes", "Zone ranges:");
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(expected));
    }

    [Test]
    public void Hotplug_node_memmap_lands_on_the_kernel_node_under_movable_node()
    {
        var log = new KernelLog();
        var mb = AfterNumaInit(log);
        var allocations = new BootAllocations();
        SparseInit.Run(mb, NodeData, allocations, log, Callers61);

        var memmap1 = allocations.Resolve(mb.Memory.Regions).Where(a => a.What == BootAllocationNames.Memmap(1).What).ToList();
        // 16 sections of node 1 need 32 MiB of struct pages; the trace shows 16 chunks of 2 MiB from 0x7dc00000 down to 0x7be00000.
        Assert.That(memmap1.Sum(a => (long)a.Size), Is.EqualTo(32L << 20));
        Assert.That(memmap1.Select(a => a.Nid).Distinct(), Is.EqualTo(new[] { 0 }));
        Assert.That(memmap1.Min(a => a.Base), Is.EqualTo(0x7be00000UL));
    }

    [Test]
    public void Every_section_touched_by_memory_is_present_with_its_first_node()
    {
        var log = new KernelLog();
        var mb = AfterNumaInit(log);
        var sections = SparseInit.Run(mb, NodeData, new BootAllocations(), log, Callers61);

        // [4K, 2G) is sections 0..15 on node 0, [4G, 6G) is sections 32..47 on node 1.
        Assert.That(sections, Is.EqualTo(new[] { new PresentSectionRun(0, 16, 0), new PresentSectionRun(32, 16, 1) }));
    }

    [Test]
    public void Memory_past_max_physmem_bits_gets_no_sections_and_one_warning()
    {
        // mminit_validate_memmodel_limits: sections end at 64 TiB (MAX_PHYSMEM_BITS 46); memblock still holds the
        // range up to 4 PiB, and the kernel WARNs once. No work may grow with the memory past the limit.
        var log = new KernelLog();
        var mb = MovableNodeMemblock(log, 0x100000000, 4UL << 50);
        var notes = new List<string>();
        var sections = SparseInit.Run(mb, NodeData, new BootAllocations(), log, Callers61, notes);

        ulong sectionsTo64TiB = Bootemu.Core.Pfn.PhysmemEnd.Value >> 15;
        Assert.That(sections[^1].End, Is.EqualTo(sectionsTo64TiB));
        Assert.That(log.Lines.Count(l => l.Text == KernelLog.CutHere), Is.EqualTo(1));
        Assert.That(notes, Has.One.Contains("MAX_PHYSMEM_BITS"));
    }

    [Test]
    public void Memory_starting_past_max_physmem_bits_is_skipped_whole()
    {
        var log = new KernelLog();
        var mb = MovableNodeMemblock(log, 0x100000000, 0x180000000);
        mb.Add(1UL << 52, 1UL << 52);
        var sections = SparseInit.Run(mb, NodeData, new BootAllocations(), log, Callers61);

        Assert.That(sections[^1].End, Is.EqualTo(0x180000000UL >> 27));
        Assert.That(log.Lines.Count(l => l.Text == KernelLog.CutHere), Is.EqualTo(1));
    }

    [Test]
    public void Memmap_blocks_placed_together_leave_memblock_as_one_call_per_block_does()
    {
        // memblock=debug forces one vmemmap_alloc_block call per section (every call prints a line);
        // without it bootemu places runs of blocks together. Both must reserve the same bytes.
        var perCall = AfterNumaInit(new KernelLog());
        SparseInit.Run(perCall, NodeData, new BootAllocations(), new KernelLog(), Callers61);
        var together = AfterNumaInit(new KernelLog());
        together.Debug = false;
        SparseInit.Run(together, NodeData, new BootAllocations(), new KernelLog(), Callers61);

        Assert.That(together.Reserved.Regions, Is.EqualTo(perCall.Reserved.Regions));
    }

    /// <summary>
    /// A machine whose hot-pluggable node reaches far past the first GiB of vmemmap (64 GiB of memory), as
    /// memblock has it after NUMA init under movable_node: node 0 = [4K, 2G) and [4G, 8G), node 1 = [8G, 136G)
    /// HOTPLUG, NODE_DATA(0) then NODE_DATA(1) at the top of node 0, current_limit at max_pfn.
    /// </summary>
    private static Memblock.Memblock LargeHotplugNode(bool debug)
    {
        var mb = MovableNodeMemblock(new KernelLog(), 0x200000000, 0x2200000000);
        mb.Reserve(LargeNodeData[1], 0x56000);
        mb.Debug = debug;
        return mb;
    }

    private static readonly Dictionary<int, ulong> LargeNodeData = new() { [0] = 0x1fffd5000, [1] = 0x1fffaa000 };

    /// <summary>
    /// Derived by hand from sparse_init's rules (docs/linux-6.1-boot-memory.md §6.8; top-down, movable_node skips node 1's HOTPLUG
    /// memory, so every node-1 request falls back to the highest free fit anywhere, i.e. on node 0 below 8G):
    ///  - memory_present: sections (128 MiB) 0-15 and 32-63 on node 0, 64-1087 on node 1. The root array
    ///    (32 KiB) goes below NODE_DATA(1) at 0x1fffa2000; root page 0 (node 0) at 0x1fffa1000, roots 1-4
    ///    (node 1's sections 256-1087) below it down to 0x1fff9d000.
    ///  - node 0 (48 sections): usemap of 48 × 56 bytes at 0x1fff9c580 (inside NODE_DATA(0)'s section); its memmap
    ///    buffer of 96 MiB, 2 MiB aligned, at [0x1f9e00000, 0x1ffe00000); section 0 is the first use of the
    ///    vmemmap, so one PUD table (0x1fff9b000) and the PMD table of vmemmap GiB 0 (0x1fff9a000).
    ///  - node 1 (1024 sections): usemap of 1024 × 56 bytes at 0x1fff8c000; its 2 GiB buffer fails (exact node), so
    ///    each section gets its own 2 MiB block (32768 pages × a 64-byte struct page), the highest 2 MiB-aligned
    ///    free one: the gap above node 0's buffer is under 2 MiB, so they run down from 0x1f9e00000. A section's
    ///    memmap is 2 MiB of vmemmap, so one GiB of vmemmap (one PMD table) covers 512 sections: sections 64-511
    ///    are in GiB 0, whose table exists; section 512 starts GiB 1 and section 1024 GiB 2, each needing a PMD
    ///    table before its block, and a 4 KiB table fits in that gap above the buffer (0x1fff8b000, then
    ///    0x1fff8a000). So: 448 blocks, a table, 512 blocks, a table, 64 blocks.
    /// With memblock=debug every block is its own call; without it bootemu places the blocks between two tables
    /// together. Both must give this layout (consecutive blocks show as one piece either way).
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void Vmemmap_beyond_the_first_GiB_gets_a_page_table_per_GiB_between_the_memmap_blocks(bool memblockDebug)
    {
        var mb = LargeHotplugNode(memblockDebug);
        var allocations = new BootAllocations();
        SparseInit.Run(mb, LargeNodeData, allocations, new KernelLog(), Callers61);

        string[] names = [BootAllocationNames.Memmap(0).What, BootAllocationNames.VmemmapPageTable(0).What,
            BootAllocationNames.Memmap(1).What, BootAllocationNames.VmemmapPageTable(1).What];
        var vmemmap = allocations.Resolve(mb.Memory.Regions).Where(a => names.Contains(a.What)).Select(a => (new AllocationName(a.Kind, a.What), a.Base, a.Size));
        Assert.That(vmemmap, Is.EqualTo(new[]
        {
            (BootAllocationNames.Memmap(0), 0x1f9e00000UL, 48UL << 21),
            (BootAllocationNames.VmemmapPageTable(0), 0x1fff9a000UL, 0x2000UL),
            (BootAllocationNames.Memmap(1), 0x1f9e00000UL - (448UL << 21), 448UL << 21),
            (BootAllocationNames.VmemmapPageTable(1), 0x1fff8b000UL, 0x1000UL),
            (BootAllocationNames.Memmap(1), 0x1f9e00000UL - (960UL << 21), 512UL << 21),
            (BootAllocationNames.VmemmapPageTable(1), 0x1fff8a000UL, 0x1000UL),
            (BootAllocationNames.Memmap(1), 0x1f9e00000UL - (1024UL << 21), 64UL << 21),
        }));
    }
}
