using Bootemu.Boot.Kernel;
using Bootemu.Boot.Numa;
using Bootemu.Boot.Tests.Numa;
using Bootemu.Boot.Tests.Zones;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Memblock;
using NUnit.Framework;
using static Bootemu.Boot.Tests.Numa.TestMachine;

namespace Bootemu.Boot.Tests.Kernel;

/// <summary>free_area_init and build_all_zonelists as Linux 6.12 has them (mm/mm_init.c, mm/page_alloc.c).</summary>
public sealed class Linux612ZoneTests
{
    /// <summary>Node 0 low memory to 2 GiB and [4 GiB, 6 GiB): kernelcore=mirror's usual test machine, no memory mirrored.</summary>
    private static ZoneTestMachine Unmirrored(KernelModel kernel)
    {
        var m = new ZoneTestMachine { Kernel = kernel }.LowMemory(0x80000).Mem(0x100000, 0x180000, 0);
        m.Options = m.Options with { KernelcoreMirror = true };
        return m;
    }

    [Test]
    public void Kernelcore_mirror_without_mirrored_memory_is_ignored_on_6_12()
    {
        var plan = Unmirrored(KernelModel.Linux612).Plan();
        Assert.That(plan.Source, Is.EqualTo(MovableZoneSource.MirrorIgnored));
        Assert.That(plan.StartPfns, Is.Empty);
    }

    [Test]
    public void Kernelcore_mirror_without_mirrored_memory_warns_on_6_12()
    {
        var (_, lines) = Unmirrored(KernelModel.Linux612).Run();
        Assert.That(lines, Does.Contain("The system has no mirror memory, ignore kernelcore=mirror."));
        Assert.That(lines, Has.None.EqualTo(MovableZonePlan.UnmirroredWarning));
    }

    [Test]
    public void Kernelcore_mirror_without_mirrored_memory_makes_high_memory_movable_on_6_1()
    {
        var plan = Unmirrored(KernelModel.Linux61).Plan();
        Assert.That(plan.StartOf(0), Is.EqualTo(new Pfn(0x100000)));
    }

    [Test]
    public void Kernelcore_mirror_with_mirrored_memory_still_applies_on_6_12()
    {
        var m = new ZoneTestMachine { Kernel = KernelModel.Linux612 }.Mem(0x100, 0x80000, 0, MemblockFlags.Mirror).Mem(0x100000, 0x180000, 0);
        m.Options = m.Options with { KernelcoreMirror = true };
        Assert.That(m.Plan().StartOf(0), Is.EqualTo(new Pfn(0x100000)));
    }

    [Test]
    public void Movable_node_start_rounds_a_hotplug_base_inside_a_page_up_on_6_12()
    {
        // A hot-pluggable region that starts 2 KiB into pfn 0x100000: 6.1 starts ZONE_MOVABLE at PFN_DOWN (0x100000),
        // 6.12 at PFN_UP (0x100001), which the 4 MiB roundup makes 0x100400.
        MovableZonePlan Plan(KernelModel kernel)
        {
            var memory = new List<MemblockRegion>
            {
                new(0x1000, 0x7fff0000 - 0x1000, MemblockFlags.None, 0),
                new(0x100000000, 0x800, MemblockFlags.None, 0),
                new(0x100000800, 0x80000000 - 0x800, MemblockFlags.Hotplug, 1),
            };
            var ranges = new Model.MemPfnRanges(memory);
            var arch = ArchZoneRanges.ForMaxPfn(new Pfn(0x180000), new Pfn(1));
            return FindZoneMovablePfns.Run(memory, ranges, arch, MovableZoneRequest.From(new Machine.BootOptions { MovableNode = true }), kernel, hasMirror: false);
        }
        Assert.That(Plan(KernelModel.Linux61).StartOf(1), Is.EqualTo(new Pfn(0x100000)));
        Assert.That(Plan(KernelModel.Linux612).StartOf(1), Is.EqualTo(new Pfn(0x100400)));
    }

    [Test]
    public void A_node_left_offline_gets_its_pgdat_silently_on_6_12()
    {
        var (_, old) = new ZoneTestMachine { Kernel = KernelModel.Linux61 }.LowMemory(0x80000).Run(possible: [0, 1], online: [0]);
        var (_, current) = new ZoneTestMachine { Kernel = KernelModel.Linux612 }.LowMemory(0x80000).Run(possible: [0, 1], online: [0]);
        Assert.That(old, Does.Contain("Initializing node 1 as memoryless"));
        Assert.That(current, Has.None.StartsWith("Initializing node"));
        Assert.That(current, Does.Contain("Initmem setup node 1 as memoryless"));
    }

    [Test]
    public void Memory_no_node_claimed_is_listed_as_node_minus_1_on_6_12()
    {
        var (_, lines) = new ZoneTestMachine { Kernel = KernelModel.Linux612 }.LowMemory(0x80000)
            .Mem(0x80000, 0x80080, NumaConstants.MaxNumNodes).Run(possible: [0], online: [0]);
        Assert.That(lines, Does.Contain("  node  -1: [mem 0x0000000080000000-0x000000008007ffff]"));
    }

    [Test]
    public void A_memoryless_node_does_not_head_its_own_zonelist_on_6_12()
    {
        var numa = new TestMachine((M, 3 * G)).Run(new SratBuilder().Memory(0, 0, G).Memory(1, G, G).Memory(2, 2 * G, G).Build());
        string[] Lines(bool skip) => ZonelistOrder.Build(numa, [0, 1, 2], [0, 1], skipMemorylessLocal: skip).Select(ZonelistOrder.Line).ToArray();
        Assert.That(Lines(skip: false)[2], Is.EqualTo("Fallback order for Node 2: 2 0 1 "));
        Assert.That(Lines(skip: true)[2], Is.EqualTo("Fallback order for Node 2: 0 1 "));
    }
}
