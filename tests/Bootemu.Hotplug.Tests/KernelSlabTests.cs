using System.Text.Json;
using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// The kernel's own slab pages that stay in a node's first kernel block (NodeSlab), against the state writes of real
/// 6.1 boots (tests/conformance-hotplug, copied unchanged from /work/shared/conformance-hotplug), replayed on the
/// machine rebuilt from the boot case the hotplug case reuses.
/// </summary>
public class KernelSlabTests
{
    private const ulong G = 1UL << 30;

    /// <summary>One state write of a real run: the op line's verb and block, what the write returned, what the kernel printed.</summary>
    private sealed record RealOp(int Index, string Verb, long Block, Errno? Errno, IReadOnlyList<string> Dmesg);

    private static IReadOnlyList<RealOp> RealOps(string caseName)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "conformance-hotplug", caseName, "expected.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("ops").EnumerateArray().Skip(1).Select(o => new RealOp(
            o.GetProperty("index").GetInt32(),
            o.GetProperty("verb").GetString()!,
            o.GetProperty("block").GetInt64(),
            o.GetProperty("rc").GetInt32() == 0 ? null : Enum.Parse<Errno>(o.GetProperty("errno").GetString()!),
            o.GetProperty("dmesg").EnumerateArray().Select(l => l.GetString()!).ToList())).ToList();
    }

    /// <summary>One state write, as drivers/base/memory.c's state_store dispatches it.</summary>
    private static HotplugOutcome Write(HotplugMachine m, RealOp op, KernelLog log) =>
        op.Verb == "offline"
            ? BlockOffline.Offline(m, op.Block, log)
            : BlockOnline.Online(m, op.Block, OnlineTypeWords.FromWord(op.Verb)!.Value);

    /// <summary>Every write of the case in order: each op with bootemu's outcome and the lines it printed.</summary>
    private static List<(RealOp Real, HotplugOutcome Emulated, KernelLog Log)> Replay(HotplugMachine m, string caseName)
    {
        var results = new List<(RealOp, HotplugOutcome, KernelLog)>();
        foreach (var op in RealOps(caseName))
        {
            var log = new KernelLog();
            var outcome = Write(m, op, log);
            results.Add((op, outcome, log));
            m = outcome.Machine;
        }
        return results;
    }

    private static void AssertEveryWriteAsReal(IEnumerable<(RealOp Real, HotplugOutcome Emulated, KernelLog Log)> replay)
    {
        Assert.Multiple(() =>
        {
            foreach (var (real, emulated, _) in replay)
                Assert.That(emulated.Error, Is.EqualTo(real.Errno), $"op {real.Index} {real.Verb} {real.Block}: {emulated.Detail}");
        });
    }

    private static IEnumerable<string> Printed(KernelLog log) =>
        log.Lines.Where(l => l.Level != KernelLogLevel.Debug).Select(l => l.Text);

    /// <summary>dump_page's lines bootemu prints: the flags line and the reason (not the pfn and pointer lines).</summary>
    private static IEnumerable<string> DeterministicDumpLines(IEnumerable<string> dmesg) =>
        dmesg.Where(l => l.StartsWith("flags: ", StringComparison.Ordinal) || l.StartsWith("page dumped because", StringComparison.Ordinal));

    [Test]
    public void The_block_that_gives_a_node_with_a_CPU_its_first_kernel_memory_cannot_be_offlined_EBUSY()
    {
        // movable_node: node 1 (CPU 1) is all Movable; online_kernel 41 gives it its first Normal memory.
        var replay = Replay(ExpectedBoot.Machine("srat2_hp1_movable_node"), "hp1mn_kernel_block_pinned");
        var pinned = replay.Single(r => r.Real.Index == 6);
        Assert.That(pinned.Real.Verb, Is.EqualTo("offline"));
        Assert.That(pinned.Real.Block, Is.EqualTo(41));
        Assert.That(pinned.Emulated.Error, Is.EqualTo(pinned.Real.Errno).And.EqualTo(Errno.EBUSY), pinned.Emulated.Detail);
        Assert.That(pinned.Emulated.Detail, Does.Contain("CPU 1's per-CPU slabs"));
    }

    [Test]
    public void Later_kernel_blocks_of_that_node_still_go_offline()
    {
        // Blocks 42 and 43, onlined to Normal after 41, are offlined like the kernel did (ops 5 and 9).
        var replay = Replay(ExpectedBoot.Machine("srat2_hp1_movable_node"), "hp1mn_kernel_block_pinned");
        AssertEveryWriteAsReal(replay);
        var laterKernelBlocks = replay.Where(r => r.Real.Index is 5 or 9).ToList();
        Assert.That(laterKernelBlocks.Select(r => (r.Real.Verb, r.Real.Block)), Is.EqualTo(new[] { ("offline", 42L), ("offline", 43L) }));
        Assert.That(laterKernelBlocks.Select(r => r.Emulated.Succeeded), Is.All.True);
    }

    [Test]
    public void Offline_stopped_by_a_kernel_slab_page_prints_the_slab_flags_line_and_the_reason_as_6_1_did()
    {
        var replay = Replay(ExpectedBoot.Machine("srat2_hp1_movable_node"), "hp1mn_kernel_block_pinned");
        var pinned = replay.Single(r => r.Real.Index == 6);
        Assert.That(Printed(pinned.Log), Is.EqualTo(DeterministicDumpLines(pinned.Real.Dmesg)));
        Assert.That(Printed(pinned.Log).First(), Is.EqualTo("flags: 0x57ffffc0000200(slab|node=1|zone=2|lastcpupid=0x1fffff)"));
    }

    [Test]
    public void Offline_stopped_by_a_PageReserved_page_prints_the_reserved_flags_line_and_the_reason_as_6_1_did()
    {
        // hp1 (no movable_node): block 47 holds node 1's NODE_DATA, memmap and per-cpu areas.
        var replay = Replay(ExpectedBoot.Machine("srat2_hp1_no_movable_node"), "hp1_offline_boot_node0");
        var reserved = replay.Single(r => r.Real.Index == 10);
        Assert.That(reserved.Emulated.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(Printed(reserved.Log), Is.EqualTo(DeterministicDumpLines(reserved.Real.Dmesg)));
        Assert.That(Printed(reserved.Log).First(), Is.EqualTo("flags: 0x57ffffc0001000(reserved|node=1|zone=2|lastcpupid=0x1fffff)"));
    }

    [Test]
    public void Node_0s_boot_slab_sits_in_block_0_so_its_free_DMA32_blocks_still_go_offline()
    {
        // Node 0 has no Normal zone: its kmem_cache_node structures and CPU 0's slabs go to DMA32's lowest free pages,
        // inside block 0 (DMA and DMA32, never offlinable), not block 1.
        var m = ExpectedBoot.Machine("srat2_hp1_no_movable_node");
        Assert.That(m.Blocks[0].Slab, Is.Not.Empty);
        AssertEveryWriteAsReal(Replay(m, "hp1_offline_boot_node0"));
    }

    [Test]
    public void A_node_losing_all_its_Movable_memory_and_getting_kernel_memory_back_behaves_as_real()
    {
        var replay = Replay(ExpectedBoot.Machine("srat2_hp1_movable_node"), "hp1mn_offline_node1_all");
        AssertEveryWriteAsReal(replay);
        // online_kernel 40 gave node 1 its normal memory back: CPU 1's slabs are there now.
        Assert.That(replay[^1].Emulated.Machine.Blocks[40].Slab.Select(s => s.Owner), Is.EqualTo(new[] { "CPU 1's per-CPU slabs" }));
    }

    [Test]
    public void Kernel_blocks_hot_added_to_a_node_with_normal_memory_at_boot_go_offline()
    {
        // pcdimm: node 1 has Normal boot memory (blocks 32-47), so its CPU's slabs are there; the DIMM's blocks stay free.
        var m = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, G, 1, new KernelLog()).Machine;
        var replay = Replay(m, "pcdimm_kernel_offline_reonline");
        AssertEveryWriteAsReal(replay);
        Assert.That(replay[^1].Emulated.Machine.Blocks.Values.Where(b => b.Id >= 48).SelectMany(b => b.Slab), Is.Empty);
    }

    [Test]
    public void A_node_with_normal_memory_at_boot_keeps_its_kmem_cache_node_structures_in_its_first_kernel_block()
    {
        // kmem_cache_init gives node 1 (Normal [4G, 6G)) its per-node slab structures from its first initialised section.
        // No real run offlines block 32; the placement follows mm/slub.c and the zonelist walk.
        var m = ExpectedBoot.Machine("srat2_hp1_no_movable_node");
        Assert.That(m.Blocks[32].Slab.Select(s => s.Owner),
            Is.EqualTo(new[] { "node 1's kmem_cache_node structures (kmem_cache_init)", "CPU 1's per-CPU slabs" }));
        Assert.That(BlockOffline.Offline(m, 32, new KernelLog()).Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(m.Blocks.Values.Where(b => b.Id is > 32 and < 47).SelectMany(b => b.Slab), Is.Empty);
    }

    [Test]
    public void A_node_without_CPUs_gets_no_slab_pages_when_its_first_kernel_memory_is_onlined_after_boot()
    {
        // The same machine with node 1's CPU taken away: only a CPU's local allocations land in the new block for sure.
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node");
        m = m with { Cpus = m.Cpus.SetItem(1, []) };
        m = BlockOffline.Offline(m, 41, new KernelLog()).Machine;
        m = BlockOnline.Online(m, 41, OnlineType.OnlineKernel).Machine;
        Assert.That(m.Blocks[41].Slab, Is.Empty);
        Assert.That(BlockOffline.Offline(m, 41, new KernelLog()).Succeeded, Is.True);
    }

    [Test]
    public void Linux_6_12_marks_a_slab_page_by_its_page_type_and_PageReserved_by_bit_13()
    {
        // Read from 6.12's include/linux/page-flags.h (no real 6.12 offline is recorded): PG_slab is gone, PGTY_slab is 0xf5.
        var m = ExpectedBoot.Machine("srat2_hp1_movable_node") with { Kernel = KernelModel.Linux612 };
        m = BlockOffline.Offline(m, 41, new KernelLog()).Machine;
        m = BlockOnline.Online(m, 41, OnlineType.OnlineKernel).Machine;
        var slab = new KernelLog();
        BlockOffline.Offline(m, 41, slab);
        var reserved = new KernelLog();
        BlockOffline.Offline(ExpectedBoot.Machine("srat2_hp1_no_movable_node") with { Kernel = KernelModel.Linux612 }, 47, reserved);
        Assert.That(Printed(slab), Is.EqualTo(new[]
        {
            "flags: 0x57ffffc0000000(node=1|zone=2|lastcpupid=0x1fffff)",
            "page_type: f5(slab)",
            "page dumped because: unmovable page",
        }));
        Assert.That(Printed(reserved).First(), Is.EqualTo("flags: 0x57ffffc0002000(reserved|node=1|zone=2|lastcpupid=0x1fffff)"));
    }
}
