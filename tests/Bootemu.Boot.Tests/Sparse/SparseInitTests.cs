using Bootemu.Boot.Setup;
using Bootemu.Boot.Sparse;
using Bootemu.Core.Logging;
using Bootemu.Memblock;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Sparse;

public class SparseInitTests
{
    private const string TraceCase = "memblock_debug_srat2_hp1_movable_node";

    /// <summary>
    /// memblock as the real kernel had it after NUMA init in the memblock=debug boot (its second
    /// MEMBLOCK configuration dump): node 0 = [4K, 2G) with the kernel, node 1 = [4G, 6G) HOTPLUG.
    /// </summary>
    private static Memblock.Memblock AfterNumaInit(KernelLog log)
    {
        var mb = new Memblock.Memblock(log) { MovableNode = true };
        mb.AllowResize();
        mb.Add(0x1000, 0x9e000);
        mb.Add(0x100000, 0x7fee0000);
        mb.Add(0x100000000, 0x80000000);
        mb.Reserve(0, 0x100000);
        mb.Reserve(0x1000000, 0x3411000);
        mb.Reserve(0x7fee4000, 0xfe393);
        mb.SetNode(0, 0x80000000, MemblockTypeKind.Memory, 0);
        mb.SetNode(0x100000000, 0x80000000, MemblockTypeKind.Memory, 1);
        mb.MarkHotplug(0x100000000, 0x80000000);
        mb.SetNode(0, 0x80000000, MemblockTypeKind.Reserved, 0);
        mb.Reserve(0x7fe8e000, 0x56000); // NODE_DATA(1) then NODE_DATA(0), after the nids were set
        mb.CurrentLimit = 0x180000000;
        mb.Debug = true;
        return mb;
    }

    private static readonly Dictionary<int, ulong> NodeData = new() { [0] = 0x7feb9000, [1] = 0x7fe8e000 };

    [Test]
    public void Memblock_calls_match_the_real_sparse_init_trace_line_for_line()
    {
        var log = new KernelLog();
        var mb = AfterNumaInit(log);
        SparseInit.Run(mb, NodeData, new BootAllocations(), log);

        var expected = ConformanceCase.Load(TraceCase).Between("memblock_alloc_try_nid: 32768 bytes", "Zone ranges:");
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(expected));
    }

    [Test]
    public void Hotplug_node_memmap_lands_on_the_kernel_node_under_movable_node()
    {
        var log = new KernelLog();
        var mb = AfterNumaInit(log);
        var allocations = new BootAllocations();
        SparseInit.Run(mb, NodeData, allocations, log);

        var memmap1 = allocations.Resolve(mb.Memory.Regions).Where(a => a.What == BootAllocationNames.Memmap(1)).ToList();
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
        var sections = SparseInit.Run(mb, NodeData, new BootAllocations(), log);

        // [4K, 2G) is sections 0..15 on node 0, [4G, 6G) is sections 32..47 on node 1.
        Assert.That(sections, Is.EqualTo(new[] { new PresentSectionRun(0, 16, 0), new PresentSectionRun(32, 16, 1) }));
    }

    [Test]
    public void Memmap_blocks_placed_together_leave_memblock_as_one_call_per_block_does()
    {
        // memblock=debug forces one vmemmap_alloc_block call per section (every call prints a line);
        // without it bootemu places runs of blocks together. Both must reserve the same bytes.
        var perCall = AfterNumaInit(new KernelLog());
        SparseInit.Run(perCall, NodeData, new BootAllocations(), new KernelLog());
        var together = AfterNumaInit(new KernelLog());
        together.Debug = false;
        SparseInit.Run(together, NodeData, new BootAllocations(), new KernelLog());

        Assert.That(together.Reserved.Regions, Is.EqualTo(perCall.Reserved.Regions));
    }
}
