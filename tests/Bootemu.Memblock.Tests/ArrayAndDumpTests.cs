using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>memblock_double_array, memblock_trim_memory's quirk at the edges, and memblock_dump_all.</summary>
public class ArrayAndDumpTests
{
    [Test]
    public void Doubling_prints_the_debug_line_with_the_unrounded_array_end_and_reserves_the_rounded_size()
    {
        var mb = new Memblock { Debug = true };
        mb.Add(0, 0x80000000);
        mb.AllowResize();
        for (int i = 0; i < 129; i++) mb.Reserve(0x100000 + (ulong)i * 0x2000, 0x1000);
        var lines = mb.Log.Lines.Select(l => l.Text).ToList();
        // 256 entries * 24 bytes = 0x1800 bytes in the array; PAGE_ALIGN makes the reservation 0x2000.
        Assert.That(lines, Does.Contain("memblock: reserved is doubled to 256 at [0x000000007fffe000-0x000000007ffff7ff]"));
        Assert.That(lines, Does.Contain("memblock_reserve: [0x000000007fffe000-0x000000007fffffff] memblock_double_array"));
        Assert.That(mb.Reserved.Max, Is.EqualTo(256));
        Assert.That(mb.Reserved.Count, Is.EqualTo(130));
    }

    [Test]
    public void A_second_doubling_frees_the_first_doubled_array()
    {
        var mb = new Memblock();
        mb.Add(0, 0x80000000);
        mb.AllowResize();
        for (int i = 0; i < 257; i++) mb.Reserve(0x100000 + (ulong)i * 0x2000, 0x1000);
        Assert.That(mb.Reserved.Max, Is.EqualTo(512));
        // The 256-entry array at [0x7fffe000, 0x80000000) went back; the 512-entry one (0x3000 bytes) sits below it.
        Assert.That(mb.Reserved.Search(0x7fffe000), Is.Null);
        Assert.That(mb.Reserved.Regions[^1], Is.EqualTo(new MemblockRegion(0x7fffb000, 0x3000, MemblockFlags.None, Memblock.MaxNumNodes)));
    }

    [Test]
    public void Doubling_without_room_fails_with_the_kernel_error_and_enomem()
    {
        var mb = new Memblock();
        mb.AllowResize();
        int last = 0;
        for (int i = 0; i < 129; i++) last = mb.Add(0x100000 + (ulong)i * 0x2000, 0x1000);
        Assert.That(last, Is.EqualTo(Memblock.ENoMem));
        Assert.That(mb.Memory.Count, Is.EqualTo(128));
        Assert.That(mb.Log.Lines.Single().Text, Is.EqualTo("memblock: Failed to double memory array from 128 to 256 entries !"));
        Assert.That(mb.Log.Lines.Single().Level, Is.EqualTo(Bootemu.Core.Logging.KernelLogLevel.Err));
    }

    [Test]
    public void Removing_the_last_region_after_a_trim_keeps_the_quirk_remainder_until_the_next_add()
    {
        var mb = new Memblock();
        mb.Add(0x1000, 0x1800);
        mb.TrimMemory(0x1000);
        mb.Remove(0x0, 0x10000);
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x800UL));
        mb.Add(0x4000, 0x1000);
        Assert.That(mb.Memory.TotalSize, Is.EqualTo(0x1000UL));
        Assert.That(mb.Log.Lines.Select(l => l.Text), Is.EqualTo(Enumerable.Repeat("------------[ cut here ]------------", 2)), "both WARN_ONs fire");
    }

    [Test]
    public void Dump_prints_nodes_only_when_set_and_flags_in_hash_x()
    {
        var mb = new Memblock();
        mb.Add(0x100000000, 0x80000000);
        mb.SetNode(0x100000000, 0x80000000, MemblockTypeKind.Memory, 1);
        mb.MarkHotplug(0x100000000, 0x80000000);
        mb.Reserve(0x7fe8e000, 0x56000);
        mb.Debug = true;
        mb.DumpAll();
        Assert.That(mb.Log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "MEMBLOCK configuration:",
            " memory size = 0x0000000080000000 reserved size = 0x0000000000056000",
            " memory.cnt  = 0x1",
            " memory[0x0]\t[0x0000000100000000-0x000000017fffffff], 0x0000000080000000 bytes on node 1 flags: 0x1",
            " reserved.cnt  = 0x1",
            " reserved[0x0]\t[0x000000007fe8e000-0x000000007fee3fff], 0x0000000000056000 bytes flags: 0x0",
        }));
    }

    [Test]
    public void Dump_prints_nothing_without_memblock_debug()
    {
        var mb = new Memblock();
        mb.Add(0, 0x1000);
        mb.DumpAll();
        Assert.That(mb.Log.Lines, Is.Empty);
    }

    [Test]
    public void Two_memblocks_do_not_share_state()
    {
        var a = new Memblock();
        var b = new Memblock();
        a.Add(0, 0x1000);
        a.PhysAllocTryNid(0x10, 0x10, Memblock.MaxNumNodes);
        Assert.That(b.Memory.Regions, Is.Empty);
        b.Add(0, 0x2000);
        b.PhysAllocTryNid(0x10, 0x10, Memblock.MaxNumNodes);
        Assert.That(b.Log.Lines.Count(l => l.Text.StartsWith("Usage of MAX_NUMNODES", StringComparison.Ordinal)), Is.EqualTo(1), "each machine warns once");
    }
}
