using Bootemu.Core.Logging;
using Bootemu.Hotplug.Output;

namespace Bootemu.Hotplug.Tests;

/// <summary>lsmem as util-linux 2.38 prints it (the CLI tests compare every choice with the real lsmem).</summary>
public class LsmemViewTests
{
    [TestCase(128UL << 20, "128M")]
    [TestCase(15UL * (128UL << 20), "1.9G")]
    [TestCase(2UL << 30, "2G")]
    [TestCase(0UL, "0B")]
    [TestCase(1536UL << 20, "1.5G")]
    public void Sizes_use_one_letter_and_one_rounded_decimal(ulong bytes, string text) =>
        Assert.That(LsmemView.HumanSize(bytes), Is.EqualTo(text));

    [Test]
    public void The_qemu_pc_dimm_machine_renders_as_lsmem_does()
    {
        var m = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, 1UL << 30, 1, new KernelLog()).Machine;
        // The expected rows follow memory_blocks_summary of the real boot: memory0 none, 1-15 DMA32, 32-47 Normal,
        // 48-55 offline Normal,Movable; REMOVABLE is empty for offline rows.
        string expected =
            "RANGE                                  SIZE   STATE REMOVABLE BLOCK NODE          ZONES\n" +
            "0x0000000000000000-0x0000000007ffffff  128M  online       yes     0    0           None\n" +
            "0x0000000008000000-0x000000007fffffff  1.9G  online       yes  1-15    0          DMA32\n" +
            "0x0000000100000000-0x000000017fffffff    2G  online       yes 32-47    1         Normal\n" +
            "0x0000000180000000-0x00000001bfffffff    1G offline           48-55    1 Normal/Movable\n" +
            "\n" +
            "Memory block size:       128M\n" +
            "Total online memory:       4G\n" +
            "Total offline memory:      1G\n";
        var everyColumn = LsmemChoices.Default with { Columns = Enum.GetValues<LsmemColumn>() };
        Assert.That(LsmemView.Render(m, everyColumn), Is.EqualTo(expected));
    }

    [Test]
    public void Default_columns_are_lsmems_and_merge_blocks_across_nodes_and_zones()
    {
        var m = ExpectedBoot.Machine("qemu_numa2_pcdimm");
        string expected =
            "RANGE                                 SIZE  STATE REMOVABLE BLOCK\n" +
            "0x0000000000000000-0x000000007fffffff   2G online       yes  0-15\n" +
            "0x0000000100000000-0x000000017fffffff   2G online       yes 32-47\n" +
            "\n" +
            "Memory block size:       128M\n" +
            "Total online memory:       4G\n" +
            "Total offline memory:      0B\n";
        Assert.That(LsmemView.Render(m), Is.EqualTo(expected));
    }

    [Test]
    public void Sysfs_lines_name_state_valid_zones_and_nodes()
    {
        var m = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, 1UL << 30, 1, new KernelLog()).Machine;
        var lines = SysfsView.Render(m).Split('\n');
        Assert.That(lines[0], Is.EqualTo("memory0 state=online valid_zones=none nodes=0"));
        Assert.That(lines.Single(l => l.StartsWith("memory48 ", StringComparison.Ordinal)), Is.EqualTo("memory48 state=offline valid_zones=Normal,Movable nodes=1"));
    }
}
