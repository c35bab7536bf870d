using Bootemu.Boot.Kernel;
using Bootemu.Boot.Percpu;
using Bootemu.Boot.Setup;
using Bootemu.Core.Logging;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Percpu;

/// <summary>
/// The lines setup_per_cpu_areas prints (arch/x86/kernel/setup_percpu.c, mm/percpu.c): its counts, the first chunk's
/// sizes and pcpu_dump_alloc_info's map. The conformance boots have two CPUs; these cover the wider layouts.
/// </summary>
[TestFixture]
public sealed class PerCpuAreasLogTests
{
    private static IReadOnlyList<string> Lines(int[] cpuNodes, KernelModel kernel)
    {
        var log = new KernelLog();
        var memblock = new Memblock.Memblock(new KernelLog());
        memblock.Add(0, 0x80000000, "test");
        memblock.Add(0x100000000, 0x80000000, "test");
        memblock.SetNode(0, 0x80000000, Memblock.MemblockTypeKind.Memory, 0);
        memblock.SetNode(0x100000000, 0x80000000, Memblock.MemblockTypeKind.Memory, 1);
        int nodeIds = cpuNodes.Max() + 1;
        PerCpuAreas.Run(memblock, cpuNodes, nodeIds, new BootAllocations(), kernel, log);
        return log.Lines.Select(l => l.Text).ToList();
    }

    [Test]
    public void Two_nodes_of_32_cpus_share_2_MiB_allocations_eight_units_each_two_allocations_a_line()
    {
        var cpus = Enumerable.Range(0, 64).Select(c => c < 32 ? 0 : 1).ToArray();
        var lines = Lines(cpus, KernelModel.Linux61);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:64 nr_cpu_ids:64 nr_node_ids:2",
            "percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u262144",
            "pcpu-alloc: s217088 r8192 d28672 u262144 alloc=1*2097152",
            "pcpu-alloc: [0] 00 01 02 03 04 05 06 07 [0] 08 09 10 11 12 13 14 15 ",
            "pcpu-alloc: [0] 16 17 18 19 20 21 22 23 [0] 24 25 26 27 28 29 30 31 ",
            "pcpu-alloc: [1] 32 33 34 35 36 37 38 39 [1] 40 41 42 43 44 45 46 47 ",
            "pcpu-alloc: [1] 48 49 50 51 52 53 54 55 [1] 56 57 58 59 60 61 62 63 ",
        }));
    }

    [Test]
    public void Units_no_cpu_uses_are_shown_as_dashes()
    {
        // Five CPUs on node 0 and one on node 1: two units per allocation waste one unit in each group, which is no more
        // than a third of the CPUs, and needs fewer allocations than one unit each.
        var lines = Lines([0, 0, 0, 0, 0, 1], KernelModel.Linux61);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:6 nr_cpu_ids:6 nr_node_ids:2",
            "percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u1048576",
            "pcpu-alloc: s217088 r8192 d28672 u1048576 alloc=1*2097152",
            "pcpu-alloc: [0] 0 1 [0] 2 3 [0] 4 - [1] 5 - ",
        }));
    }

    [Test]
    public void On_6_12_each_cpu_keeps_66_pages()
    {
        var lines = Lines([0, 1], KernelModel.Linux612);
        Assert.That(lines[1], Is.EqualTo("percpu: Embedded 66 pages/cpu s233472 r8192 d28672 u2097152"));
        Assert.That(lines[3], Is.EqualTo("pcpu-alloc: [0] 0 [1] 1 "));
    }
}
