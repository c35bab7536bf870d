using CsCheck;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>
/// Random sequences of memblock calls over a 64-page address space, checked after every step
/// against the kernel's invariants and against a page-by-page reference model: which pages are
/// memory (with their nid and flags) and which are reserved (with their nid). The allocation
/// oracle works on the model alone: memory regions are exactly the maximal runs of pages with equal
/// nid and flags (because neighbours that agree are always merged), so the kernel's answer is the
/// highest (top-down) or lowest (bottom-up) aligned window inside one run, free of reservations,
/// not below the first page, and on a region the kernel would not skip.
/// </summary>
public class MemblockPropertyTests
{
    private const int Pages = 64;
    private const ulong Page = 0x1000;
    private const int NoNode = Memblock.MaxNumNodes;

    private abstract record Op;
    private sealed record AddOp(int Page, int Count, int Nid, MemblockFlags Flags) : Op;
    private sealed record ReserveOp(int Page, int Count) : Op;
    private sealed record RemoveOp(int Page, int Count) : Op;
    private sealed record FreeOp(int Page, int Count) : Op;
    private sealed record FlagOp(int Page, int Count, MemblockFlags Flag, bool Set) : Op;
    private sealed record SetNodeOp(int Page, int Count, MemblockTypeKind Type, int Nid) : Op;
    private sealed record AllocOp(int Count, int AlignShift, int Nid, bool Exact) : Op;

    private static readonly Gen<int> GenPage = Gen.Int[0, Pages - 1];
    private static readonly Gen<int> GenCount = Gen.Int[0, 12];
    private static readonly Gen<int> GenNid = Gen.OneOfConst(0, 1, 2, NoNode);
    private static readonly Gen<MemblockFlags> GenFlags = Gen.OneOfConst(MemblockFlags.None, MemblockFlags.None, MemblockFlags.Hotplug, MemblockFlags.Nomap, MemblockFlags.DriverManaged, MemblockFlags.Hotplug | MemblockFlags.Nomap);

    private static readonly Gen<Op> GenOp = Gen.OneOf<Op>(
        Gen.Select(GenPage, GenCount, GenNid, GenFlags, (p, n, nid, f) => (Op)new AddOp(p, n, nid, f)),
        Gen.Select(GenPage, GenCount, GenNid, GenFlags, (p, n, nid, f) => (Op)new AddOp(p, n, nid, f)),
        Gen.Select(GenPage, GenCount, (p, n) => (Op)new ReserveOp(p, n)),
        Gen.Select(GenPage, GenCount, (p, n) => (Op)new RemoveOp(p, n)),
        Gen.Select(GenPage, GenCount, (p, n) => (Op)new FreeOp(p, n)),
        Gen.Select(GenPage, GenCount, Gen.OneOfConst(MemblockFlags.Hotplug, MemblockFlags.Nomap), Gen.Bool, (p, n, f, s) => (Op)new FlagOp(p, n, f, s)),
        Gen.Select(GenPage, GenCount, Gen.OneOfConst(MemblockTypeKind.Memory, MemblockTypeKind.Reserved), GenNid, (p, n, t, nid) => (Op)new SetNodeOp(p, n, t, nid)),
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 2], Gen.OneOfConst(-1, 0, 1, 2), Gen.Bool, (n, a, nid, e) => (Op)new AllocOp(n, a, nid, e)));

    /// <summary>The reference model: one entry per page.</summary>
    private sealed class Model
    {
        public readonly bool[] Memory = new bool[Pages];
        public readonly int[] MemNid = new int[Pages];
        public readonly MemblockFlags[] MemFlags = new MemblockFlags[Pages];
        public readonly bool[] Reserved = new bool[Pages];
        public readonly int[] RsvNid = new int[Pages];
    }

    // Ranges are cut at the end of the modelled address space, for the emulator and the model alike.
    private static IEnumerable<int> PagesOf(int page, int count) => Enumerable.Range(page, Math.Min(count, Pages - page));

    private static ulong Bytes(int page, int count) => (ulong)Math.Min(count, Pages - page) * Page;

    private static void Apply(Memblock mb, Model model, Op op, bool movableNode, bool bottomUp)
    {
        switch (op)
        {
            case AddOp a:
                Assert.That(mb.AddNode((ulong)a.Page * Page, Bytes(a.Page, a.Count), a.Nid, a.Flags), Is.Zero);
                foreach (int p in PagesOf(a.Page, a.Count))
                    if (!model.Memory[p]) { model.Memory[p] = true; model.MemNid[p] = a.Nid; model.MemFlags[p] = a.Flags; }
                break;
            case ReserveOp r:
                Assert.That(mb.Reserve((ulong)r.Page * Page, Bytes(r.Page, r.Count)), Is.Zero);
                foreach (int p in PagesOf(r.Page, r.Count))
                    if (!model.Reserved[p]) { model.Reserved[p] = true; model.RsvNid[p] = NoNode; }
                break;
            case RemoveOp r:
                Assert.That(mb.Remove((ulong)r.Page * Page, Bytes(r.Page, r.Count)), Is.Zero);
                foreach (int p in PagesOf(r.Page, r.Count)) model.Memory[p] = false;
                break;
            case FreeOp f:
                Assert.That(mb.PhysFree((ulong)f.Page * Page, Bytes(f.Page, f.Count)), Is.Zero);
                foreach (int p in PagesOf(f.Page, f.Count)) model.Reserved[p] = false;
                break;
            case FlagOp f:
                Assert.That(mb.SetClearFlag((ulong)f.Page * Page, Bytes(f.Page, f.Count), f.Set, f.Flag), Is.Zero);
                foreach (int p in PagesOf(f.Page, f.Count))
                    if (model.Memory[p]) model.MemFlags[p] = f.Set ? model.MemFlags[p] | f.Flag : model.MemFlags[p] & ~f.Flag;
                break;
            case SetNodeOp s:
                Assert.That(mb.SetNode((ulong)s.Page * Page, Bytes(s.Page, s.Count), s.Type, s.Nid), Is.Zero);
                foreach (int p in PagesOf(s.Page, s.Count))
                {
                    if (s.Type == MemblockTypeKind.Memory && model.Memory[p]) model.MemNid[p] = s.Nid;
                    if (s.Type == MemblockTypeKind.Reserved && model.Reserved[p]) model.RsvNid[p] = s.Nid;
                }
                break;
            case AllocOp a:
                ulong align = Page << a.AlignShift;
                ulong expected = Oracle(model, a.Count, (int)(align / Page), a.Nid, movableNode, bottomUp);
                if (expected == 0 && a.Nid != Memblock.NumaNoNode && !a.Exact)
                    expected = Oracle(model, a.Count, (int)(align / Page), Memblock.NumaNoNode, movableNode, bottomUp);
                ulong got = a.Exact
                    ? mb.AllocExactNidRaw((ulong)a.Count * Page, align, 0, Memblock.AllocAccessible, a.Nid)
                    : mb.AllocTryNid((ulong)a.Count * Page, align, 0, Memblock.AllocAccessible, a.Nid);
                Assert.That(got, Is.EqualTo(expected), $"allocation {a}");
                if (got != 0)
                    foreach (int p in PagesOf((int)(got / Page), a.Count)) { model.Reserved[p] = true; model.RsvNid[p] = NoNode; }
                break;
        }
    }

    /// <summary>The kernel's choice computed from the page model (0 = none).</summary>
    private static ulong Oracle(Model m, int count, int alignPages, int nid, bool movableNode, bool bottomUp)
    {
        ulong best = 0;
        for (int start = 1; start + count <= Pages; start++) // never the first page
        {
            if (start % alignPages != 0) continue;
            bool ok = true;
            for (int p = start; p < start + count && ok; p++)
            {
                ok = m.Memory[p] && !m.Reserved[p]
                     && m.MemNid[p] == m.MemNid[start] && m.MemFlags[p] == m.MemFlags[start]
                     && (nid == Memblock.NumaNoNode || m.MemNid[p] == nid)
                     && (m.MemFlags[p] & (MemblockFlags.Nomap | MemblockFlags.DriverManaged)) == 0
                     && !(movableNode && (m.MemFlags[p] & MemblockFlags.Hotplug) != 0);
            }
            if (!ok) continue;
            if (bottomUp) return (ulong)start * Page;
            best = (ulong)start * Page;
        }
        return best;
    }

    private static void CheckInvariants(Memblock mb, Model model)
    {
        foreach (var type in new[] { mb.Memory, mb.Reserved })
        {
            var regions = type.Regions;
            Assert.That(type.Count, Is.EqualTo(Math.Max(1, regions.Count)), $"{type.Name}: cnt");
            ulong sum = 0;
            for (int i = 0; i < regions.Count; i++)
            {
                var r = regions[i];
                sum += r.Size;
                Assert.That(r.Size, Is.GreaterThan(0UL), $"{type.Name}[{i}] empty");
                if (type.Kind == MemblockTypeKind.Reserved) Assert.That(r.Flags, Is.EqualTo(MemblockFlags.None));
                if (i == 0) continue;
                var prev = regions[i - 1];
                Assert.That(prev.End, Is.LessThanOrEqualTo(r.Base), $"{type.Name}[{i}] overlaps or is out of order");
                Assert.That(prev.End == r.Base && prev.Nid == r.Nid && prev.Flags == r.Flags, Is.False, $"{type.Name}[{i - 1}] and [{i}] should have merged");
            }
            Assert.That(type.TotalSize, Is.EqualTo(sum), $"{type.Name}: total_size");
        }
        for (int p = 0; p < Pages; p++)
        {
            ulong addr = (ulong)p * Page;
            Assert.That(mb.Memory.Search(addr) is not null, Is.EqualTo(model.Memory[p]), $"page {p} memory");
            Assert.That(mb.Reserved.Search(addr) is not null, Is.EqualTo(model.Reserved[p]), $"page {p} reserved");
            if (model.Memory[p])
            {
                var r = mb.Memory.Regions.Single(x => x.Base <= addr && addr < x.End);
                Assert.That((r.Nid, r.Flags), Is.EqualTo((model.MemNid[p], model.MemFlags[p])), $"page {p} memory nid/flags");
            }
            if (model.Reserved[p])
                Assert.That(mb.Reserved.Regions.Single(x => x.Base <= addr && addr < x.End).Nid, Is.EqualTo(model.RsvNid[p]), $"page {p} reserved nid");
        }
    }

    private static void RunSequence(Op[] ops, bool movableNode, bool bottomUp)
    {
        var mb = new Memblock { MovableNode = movableNode, BottomUp = bottomUp };
        var model = new Model();
        foreach (var op in ops)
        {
            Apply(mb, model, op, movableNode, bottomUp);
            CheckInvariants(mb, model);
        }
    }

    [Test]
    public void Random_calls_keep_the_invariants_and_agree_with_the_page_model_top_down() =>
        GenOp.Array[1, 40].Sample(ops => RunSequence(ops, movableNode: false, bottomUp: false), iter: 300, threads: 1);

    [Test]
    public void Random_calls_keep_the_invariants_and_agree_with_the_page_model_bottom_up_with_movable_node() =>
        GenOp.Array[1, 40].Sample(ops => RunSequence(ops, movableNode: true, bottomUp: true), iter: 300, threads: 1);

    [Test]
    public void Growing_arrays_keep_the_invariants()
    {
        // Hundreds of scattered 4 KiB calls over 4 GiB push both arrays past 128 entries; every doubling
        // must leave cnt <= max (max = 128 * 2^k) and the sorted, non-overlapping, merged shape.
        var call = Gen.Select(Gen.Int[0, 3], Gen.Int[0, (1 << 20) - 1], Gen.Int[1, 4]);
        int grown = 0;
        call.Array[200, 600].Sample(calls =>
        {
            var mb = new Memblock();
            mb.AllowResize();
            mb.Add(0xc0000000, 0x40000000);
            foreach (var (kind, page, pages) in calls)
            {
                ulong b = (ulong)page * Page, size = (ulong)pages * Page;
                int ret = kind switch
                {
                    0 => mb.Reserve(b, size),
                    1 => mb.PhysFree(b, size),
                    2 => mb.Add(b, size),
                    _ => mb.Remove(b, size),
                };
                Assert.That(ret, Is.Zero);
                foreach (var type in new[] { mb.Memory, mb.Reserved })
                {
                    Assert.That(type.Count, Is.LessThanOrEqualTo(type.Max));
                    Assert.That(type.Max % MemblockType.InitRegions, Is.Zero);
                    Assert.That(System.Numerics.BitOperations.IsPow2(type.Max / MemblockType.InitRegions), Is.True);
                    var regions = type.Regions;
                    ulong sum = 0;
                    for (int i = 0; i < regions.Count; i++)
                    {
                        sum += regions[i].Size;
                        if (i > 0) Assert.That(regions[i - 1].End < regions[i].Base || (regions[i - 1].End == regions[i].Base && regions[i - 1].Nid != regions[i].Nid), Is.True);
                    }
                    Assert.That(type.TotalSize, Is.EqualTo(sum));
                }
            }
            // There is always room in the 3 GiB..4 GiB memory for a doubled array, so no doubling may fail.
            Assert.That(mb.Log.Lines.Where(l => l.Level == Bootemu.Core.Logging.KernelLogLevel.Err), Is.Empty);
            if (mb.Memory.Max > MemblockType.InitRegions || mb.Reserved.Max > MemblockType.InitRegions) Interlocked.Increment(ref grown);
        }, iter: 20, threads: 1);
        Assert.That(grown, Is.GreaterThan(0), "the sequences are long enough to double an array");
    }

    [Test]
    public void Top_down_allocations_among_many_short_gaps_take_the_highest_aligned_free_window()
    {
        // Hundreds of reservations a few bytes apart, as the usemaps and per-CPU areas of a big machine are packed
        // below the top of memory, with an occasional wider gap; then allocations of assorted sizes and alignments.
        // Each must land at the highest aligned window free of reservations (memblock_find_in_range_node), found here
        // by a plain look at every gap of every region, which the emulator's walk skips most of.
        const ulong memBase = 0x100000, memSize = 0x1000000;
        var packed = Gen.Select(Gen.Int[1, 0x1000], Gen.OneOfConst(0UL, 8UL, 56UL, 56UL, 0x1000UL, 0x30000UL)).Array[100, 400];
        var allocs = Gen.Select(Gen.OneOfConst(0x40UL, 0x1000UL, 0x2000UL, 0x7fc8UL, 0x200000UL), Gen.OneOfConst(8UL, 64UL, 0x1000UL, 0x200000UL)).Array[1, 40];
        Gen.Select(packed, allocs).Sample((reservations, allocations) =>
        {
            var mb = new Memblock();
            mb.AllowResize();
            mb.Add(memBase, memSize);
            ulong top = memBase + memSize;
            foreach (var (units, gap) in reservations)
            {
                ulong size = (ulong)units * 8;
                if (top < memBase + size + gap) break;
                top -= size + gap;
                mb.Reserve(top, size);
            }
            foreach (var (size, align) in allocations)
            {
                ulong expected = HighestFreeWindow(mb, size, align);
                Assert.That(mb.PhysAllocRange(size, align, 0, Memblock.AllocAnywhere), Is.EqualTo(expected), $"{size:x} bytes aligned to {align:x}");
            }
        }, iter: 100, threads: 1);
    }

    /// <summary>The highest <paramref name="align"/>-aligned window of <paramref name="size"/> bytes inside one memory region, overlapping no reservation and not in the first page; 0 if none.</summary>
    private static ulong HighestFreeWindow(Memblock mb, ulong size, ulong align)
    {
        ulong best = 0;
        foreach (var region in mb.Memory.Regions)
        {
            // The free pieces of the region: between consecutive reservations, cut to the region.
            ulong freeFrom = Math.Max(region.Base, Page);
            var cuts = mb.Reserved.Regions.Where(r => r.End > region.Base && r.Base < region.End).Select(r => (r.Base, r.End))
                .Append((region.End, region.End));
            foreach (var (rsvBase, rsvEnd) in cuts)
            {
                ulong freeTo = Math.Min(rsvBase, region.End);
                if (freeTo >= freeFrom + size)
                {
                    ulong window = (freeTo - size) & ~(align - 1);
                    if (window >= freeFrom) best = Math.Max(best, window);
                }
                freeFrom = Math.Max(freeFrom, rsvEnd);
            }
        }
        return best;
    }

    [Test]
    public void Trim_lowers_total_size_only_by_the_regions_it_drops()
    {
        // memblock_trim_memory's quirk as a property: after trimming, total_size minus the sum of the
        // regions equals exactly the bytes shaved off regions that survived.
        Gen.Select(Gen.Int[0, 0x3ffff], Gen.Int[1, 0x8000]).Array[1, 12].Sample(ranges =>
        {
            var mb = new Memblock();
            foreach (var (b, s) in ranges) mb.Add((ulong)b, (ulong)s);
            var before = mb.Memory.Regions.ToArray();
            ulong total = mb.Memory.TotalSize;
            mb.TrimMemory(Page);
            ulong shaved = 0, dropped = 0;
            foreach (var r in before)
            {
                ulong start = (r.Base + Page - 1) & ~(Page - 1), end = r.End & ~(Page - 1);
                if (start < end) shaved += r.Size - (end - start);
                else dropped += r.Size;
            }
            ulong sum = mb.Memory.Regions.Aggregate(0UL, (acc, r) => acc + r.Size);
            Assert.That(mb.Memory.TotalSize, Is.EqualTo(total - dropped));
            Assert.That(mb.Memory.TotalSize - sum, Is.EqualTo(shaved));
        }, iter: 300, threads: 1);
    }
}
