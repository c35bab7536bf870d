using System.Globalization;
using System.Text.RegularExpressions;
using Bootemu.Core.Logging;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>
/// Replays the memblock calls of a real Linux 6.1 memblock=debug boot
/// (tests/conformance/memblock_debug_srat2_hp1_movable_node) and checks that everything memblock
/// printed, the call lines, every allocation's inner memblock_reserve line (so every address) and
/// both MEMBLOCK configuration dumps, comes out of the emulator byte for byte.
///
/// The calls the kernel made without a debug line are re-issued by hand at the point the log shows
/// them happening: the reservations made before memblock=debug was parsed (taken from the first
/// dump), movable_node's bottom-up mode, current_limit (1 MiB until the direct map exists, then the
/// end of mapped RAM), memblock_trim_memory before the first dump, and the NUMA steps (hotplug
/// marks from the SRAT lines, set_node on memory and reserved, top-down again, NODE_DATA).
/// </summary>
public class ConformanceReplayTests
{
    private const string Case = "memblock_debug_srat2_hp1_movable_node";

    private static readonly Regex RangeCall = new(@"^(memblock_add|memblock_reserve|memblock_remove|memblock_phys_free): \[(0x[0-9a-f]{16})-(0x[0-9a-f]{16})\] (\S+)$");
    private static readonly Regex VirtAlloc = new(@"^(memblock_alloc_try_nid|memblock_alloc_try_nid_raw|memblock_alloc_exact_nid_raw): (\d+) bytes align=0x([0-9a-f]+) nid=(-?\d+) from=(0x[0-9a-f]{16}) max_addr=(0x[0-9a-f]{16}) (\S+)$");
    private static readonly Regex PhysAlloc = new(@"^memblock_phys_alloc_range: (\d+) bytes align=0x([0-9a-f]+) from=(0x[0-9a-f]{16}) max_addr=(0x[0-9a-f]{16}) (\S+)$");
    private static readonly Regex SratHotplug = new(@"^ACPI: SRAT: Node \d+ PXM \d+ \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] hotplug$");
    private static readonly Regex NodeData = new(@"^NODE_DATA\((\d+)\) allocated \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$");

    private static bool IsMemblockOutput(string line) =>
        line.StartsWith("memblock_", StringComparison.Ordinal) || line.StartsWith("memblock: ", StringComparison.Ordinal)
        || line == "MEMBLOCK configuration:" || line.StartsWith(" memory", StringComparison.Ordinal) || line.StartsWith(" reserved", StringComparison.Ordinal);

    private static ulong Hex(string s) => ulong.Parse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private sealed record Replay(List<string> Expected, List<string> Actual, List<(int Node, ulong Expected, ulong Actual)> NodeData, int Dumps);

    private static Replay Run()
    {
        var lines = ConformanceCase.Load(Case).KernelLines;
        var mb = new Memblock(new KernelLog());
        // early_reserve_memory, before memblock=debug takes effect: [0, 64K), the BIOS area, the kernel
        // image, the initrd (the first dump shows them; the later smp_scan_config and brk reservations fall inside or next to them).
        mb.Reserve(0x0, 0x10000);
        mb.Reserve(0x9f000, 0x61000);
        mb.Reserve(0x1000000, 0x3400000);
        mb.Reserve(0x7fee4000, 0xfc000);
        mb.Debug = true;
        mb.MovableNode = true; // movable_node: skip HOTPLUG memory ...
        mb.BottomUp = true;    // ... and allocate bottom-up until NUMA init
        bool e820Setup = false;
        int dumps = 0;
        var nodeData = new List<(int, ulong, ulong)>();
        var nodeDataResults = new Dictionary<int, ulong>();

        foreach (var line in lines)
        {
            Match m;
            if ((m = RangeCall.Match(line)).Success && !m.Groups[4].Value.StartsWith("memblock_alloc_range_nid", StringComparison.Ordinal))
            {
                ulong b = Hex(m.Groups[2].Value), size = Hex(m.Groups[3].Value) - b + 1;
                string caller = m.Groups[4].Value;
                switch (m.Groups[1].Value)
                {
                    case "memblock_add":
                        if (!e820Setup)
                        {
                            // e820__memblock_setup runs with current_limit = ISA_END_ADDRESS and starts with memblock_allow_resize.
                            e820Setup = true;
                            mb.CurrentLimit = 0x100000;
                            mb.AllowResize();
                        }
                        mb.Add(b, size, caller);
                        break;
                    case "memblock_reserve": mb.Reserve(b, size, caller); break;
                    case "memblock_remove": mb.Remove(b, size, caller); break;
                    case "memblock_phys_free": mb.PhysFree(b, size, caller); break;
                }
            }
            else if ((m = VirtAlloc.Match(line)).Success)
            {
                ulong size = ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), align = Hex("0x" + m.Groups[3].Value);
                int nid = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
                ulong from = Hex(m.Groups[5].Value), max = Hex(m.Groups[6].Value);
                string caller = m.Groups[7].Value;
                _ = m.Groups[1].Value switch
                {
                    "memblock_alloc_try_nid" => mb.AllocTryNid(size, align, from, max, nid, caller),
                    "memblock_alloc_try_nid_raw" => mb.AllocTryNidRaw(size, align, from, max, nid, caller),
                    _ => mb.AllocExactNidRaw(size, align, from, max, nid, caller),
                };
            }
            else if ((m = PhysAlloc.Match(line)).Success)
            {
                mb.PhysAllocRange(ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Hex("0x" + m.Groups[2].Value),
                    Hex(m.Groups[3].Value), Hex(m.Groups[4].Value), m.Groups[5].Value);
            }
            else if (line == "MEMBLOCK configuration:")
            {
                if (dumps++ == 0) mb.TrimMemory(0x1000); // e820__memblock_setup trims to pages just before its dump
                mb.DumpAll();
            }
            else if (line.StartsWith("RAMDISK:", StringComparison.Ordinal))
            {
                // init_mem_mapping is done: memblock_set_current_limit(get_max_mapped()), the end of RAM.
                mb.CurrentLimit = 0x180000000;
            }
            else if ((m = SratHotplug.Match(line)).Success)
            {
                ulong start = Hex(m.Groups[1].Value);
                mb.MarkHotplug(start, Hex(m.Groups[2].Value) - start + 1);
            }
            else if (line.StartsWith("NUMA: Node 0 [mem", StringComparison.Ordinal))
            {
                // numa_init: top-down again; numa_register_memblks with the merged blocks
                // node 0 [0, 2G) and node 1 [4G, 6G); node 0 holds reservations, so its hotplug flags go.
                mb.BottomUp = false;
                (int Nid, ulong Start, ulong End)[] blocks = [(0, 0x0, 0x80000000), (1, 0x100000000, 0x180000000)];
                foreach (var (nid, s, e) in blocks) mb.SetNode(s, e - s, MemblockTypeKind.Memory, nid);
                foreach (var (nid, s, e) in blocks) mb.SetNode(s, e - s, MemblockTypeKind.Reserved, nid);
                mb.ClearHotplug(0x0, 0x80000000);
                foreach (var (nid, _, _) in blocks) nodeDataResults[nid] = mb.PhysAllocTryNid(0x2b000, 64, nid);
            }
            else if ((m = NodeData.Match(line)).Success)
            {
                int nid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                nodeData.Add((nid, Hex(m.Groups[2].Value), nodeDataResults[nid]));
            }
        }

        var expected = lines.Where(IsMemblockOutput).ToList();
        var actual = mb.Log.Lines.Where(l => l.Level == KernelLogLevel.Info).Select(l => l.Text).ToList();
        return new Replay(expected, actual, nodeData, dumps);
    }

    [Test]
    public void Every_memblock_line_of_the_real_boot_is_reproduced_byte_for_byte()
    {
        var replay = Run();
        Assert.That(replay.Expected, Has.Count.GreaterThan(150), "the trace was not found or not parsed");
        Assert.That(replay.Dumps, Is.EqualTo(2));
        for (int i = 0; i < Math.Min(replay.Expected.Count, replay.Actual.Count); i++)
            Assert.That(replay.Actual[i], Is.EqualTo(replay.Expected[i]), $"memblock line {i} differs");
        Assert.That(replay.Actual, Has.Count.EqualTo(replay.Expected.Count));
    }

    [Test]
    public void Node_data_lands_where_the_real_kernel_put_it_including_the_fallback_off_the_hotplug_node()
    {
        var replay = Run();
        Assert.That(replay.NodeData, Is.EqualTo(new[] { (0, 0x7feb9000UL, 0x7feb9000UL), (1, 0x7fe8e000UL, 0x7fe8e000UL) }));
    }
}
