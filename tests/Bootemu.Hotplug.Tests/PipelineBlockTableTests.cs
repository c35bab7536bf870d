using Bootemu.Boot.Kernel;
using Bootemu.Boot;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Machine;
using Bootemu.Tests.Shared;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// The whole chain on the real boots of both kernels (numa=fake= and the other boots of tests/conformance-fake too): the machine from the case's srat.bin, the BIOS-e820 lines of its
/// console log and the pc-dimms of its QEMU arguments, the case's command line, the boot pipeline of the kernel that
/// booted it, then memory_dev_init/node_dev_init and the pc-dimms' hot-add; the block table must be the kernel's own,
/// offline blocks included.
/// </summary>
public class PipelineBlockTableTests
{
    /// <summary>The case's machine (its srat.bin and console.log) booted through the pipeline with <paramref name="cmdline"/>.</summary>
    internal static BootResult Boot(ConformanceCase c, string cmdline, KernelLog log) =>
        BootPipeline.Run(MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null), KernelCommandLine.Parse(cmdline), log, KernelModel.Linux61);

    /// <summary>
    /// The case's machine as it booted, pc-dimms included, booted by the kernel that booted it with its own command line,
    /// then memory_dev_init/node_dev_init and the hot-add of the pc-dimms during acpi_init.
    /// </summary>
    internal static HotplugMachine AfterBoot(ConformanceCase c, KernelLog log)
    {
        var machine = MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null) with
        {
            MemoryDevices = c.PcDimms().Select(d => new MemoryDevice(d.Base, d.Size, d.Node)).ToList(),
        };
        var kernel = KernelModel.ForVersion(c.Kernel)!;
        var boot = BootPipeline.Run(machine, KernelCommandLine.Parse(c.Cmdline, kernel.CommandLine), log, kernel);
        return BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), log);
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCasesWithBlockTable))]
    public void Booted_block_table_matches_the_real_sysfs(ConformanceSuite suite, string kernel, string caseName)
    {
        // Under numa=fake= a block can hold two fake nodes' memory: it links to both and its valid_zones is "none".
        var c = ConformanceCase.Load(caseName, kernel, suite);
        var log = new KernelLog();
        var blocks = AfterBoot(c, log);

        var expected = c.Expected.GetProperty("memory_blocks").EnumerateArray()
            .Select(BootBlockTableTests.Row).ToList();
        var actual = SysfsView.Blocks(blocks).Select(BootBlockTableTests.Row).ToList();
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(log.Lines.Select(l => l.Text), Does.Contain("x86/mm: Memory block size: 128MB"));
    }
}

/// <summary>What boot leaves reserved and the kernel gives back before userspace runs.</summary>
public class PipelineInitrdTests
{
    private static HotplugMachine Booted(string cmdline)
    {
        // srat2_hp1_movable_node: "RAMDISK: [mem 0x7fee4000-0x7ffdffff]", i.e. in memory block 15 (128 MiB blocks).
        var boot = PipelineBlockTableTests.Boot(ConformanceCase.Load("srat2_hp1_movable_node"), cmdline, new KernelLog());
        return BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
    }

    [Test]
    public void The_initrd_is_freed_after_boot_and_no_longer_pins_its_block()
    {
        // populate_rootfs -> free_initrd_mem returns the initrd's pages to the buddy allocator.
        Assert.That(Booted("movable_node").Blocks[15].Reserved.Select(r => r.What), Has.None.EqualTo("initrd"));
    }

    [Test]
    public void Retain_initrd_keeps_the_initrd_reserved()
    {
        Assert.That(Booted("movable_node retain_initrd").Blocks[15].Reserved.Select(r => r.What), Has.Some.EqualTo("initrd"));
    }
}

/// <summary>Hot-add without a _PXM takes its node from numa_meminfo as the boot left it.</summary>
public class PipelineHotAddNodeTests
{
    // Node 1's SRAT range [4G, 12G) holds RAM only in [4G, 6G); node 2 has RAM at [12G, 14G), so max_pfn is past
    // node 1's range and numa_cleanup_meminfo keeps it whole.
    private const string Machine = """
        name: wide-srat-range
        e820:
          - {base: 0x0, size: 0x9fc00, type: usable}
          - {base: 0x100000, size: 0x7ff00000, type: usable}
          - {base: 4G, size: 2G, type: usable}
          - {base: 12G, size: 2G, type: usable}
        srat:
          entries:
            - memory: {pxm: 0, base: 0x0, length: 2G, enabled: true}
            - memory: {pxm: 1, base: 4G, length: 8G, enabled: true, hotpluggable: true}
            - memory: {pxm: 2, base: 12G, length: 2G, enabled: true}
        """;

    [Test]
    public void An_address_in_a_nodes_srat_range_beyond_its_ram_goes_to_that_node()
    {
        // memory_add_physaddr_to_nid searches numa_meminfo, whose node 1 block is [4G, 12G): 8G belongs to node 1.
        var boot = BootPipeline.Run(MachineLoader.LoadFixture(Machine, "wide.yaml", "."), KernelCommandLine.Parse(""), new KernelLog(), KernelModel.Linux61);
        var m = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), new KernelLog());
        var outcome = HotAdd.Add(m, 8UL << 30, 128UL << 20, null, new KernelLog());
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.Blocks[64].Nid, Is.EqualTo(1));
    }
}

/// <summary>Runtime allocations follow the zonelists the boot built.</summary>
public class PipelineZonelistTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCasesWithSrat))]
    public void Allocation_fallback_order_is_the_boots_Fallback_order_line(string caseName)
    {
        // build_zonelists fixes each node's fallback order at boot; an allocation that its node cannot satisfy
        // tries the nodes in exactly the order the kernel printed.
        var c = ConformanceCase.Load(caseName);
        var m = BootMemoryBlocks.FromBoot(PipelineBlockTableTests.Boot(c, c.Cmdline, new KernelLog()), new HotplugSettings(), new KernelLog());
        foreach (var line in c.Expected.GetProperty("fallback_order").EnumerateArray().Select(l => l.GetString()!))
        {
            // "Fallback order for Node 1: 1 0" (expected.json keeps the line without its trailing space)
            var parts = line["Fallback order for Node ".Length..].Split(':');
            int nid = int.Parse(parts[0]);
            var order = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
            Assert.That(m.NodeFallbackOrder(nid), Is.EqualTo(order), line);
        }
    }
}

/// <summary>The pc-dimm boot through the pipeline, with the DIMM added the way ACPI adds it.</summary>
public class PipelineHotAddTests
{
    [Test]
    public void The_booted_qemu_machine_with_its_dimm_added_matches_the_real_sysfs()
    {
        var c = ConformanceCase.Load("qemu_numa2_pcdimm");
        var log = new KernelLog();
        var blocks = BootMemoryBlocks.FromBoot(PipelineBlockTableTests.Boot(c, "", log), new HotplugSettings(), log);
        var added = HotAdd.Add(blocks, 0x180000000, 1UL << 30, 1, log);
        var expected = c.Expected.GetProperty("memory_blocks").EnumerateArray().Select(BootBlockTableTests.Row);
        var actual = SysfsView.Blocks(added.Machine).Select(BootBlockTableTests.Row);
        Assert.That(actual, Is.EqualTo(expected));
    }
}
