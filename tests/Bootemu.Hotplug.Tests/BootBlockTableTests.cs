using System.Text.Json;
using Bootemu.Hotplug.Output;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// memory_dev_init + node_dev_init against the kernel's own /sys/devices/system/memory of every real boot:
/// which blocks exist, their state, valid_zones and node links.
/// </summary>
public class BootBlockTableTests
{
    public static IEnumerable<string> Cases() => RepoPaths.ConformanceCases();

    [TestCaseSource(nameof(Cases))]
    public void Boot_block_table_matches_the_real_sysfs(string caseName)
    {
        var expected = ConformanceCase.Load(caseName).Expected;
        var machine = ExpectedBoot.Machine(caseName);
        // qemu_numa2_pcdimm's DIMM was hot-added by ACPI during boot; its blocks are checked by the hot-add test.
        var expectedBlocks = expected.GetProperty("memory_blocks").EnumerateArray()
            .Where(b => b.GetProperty("state").GetString() == "online")
            .Select(Row).ToList();
        var actual = SysfsView.Blocks(machine).Select(BootBlockTableTests.Row).ToList();
        Assert.That(actual, Is.EqualTo(expectedBlocks));
    }

    [TestCaseSource(nameof(Cases))]
    public void Block_size_matches_block_size_bytes(string caseName)
    {
        var expected = ConformanceCase.Load(caseName).Expected.GetProperty("memory_block_size_bytes").GetString()!;
        Assert.That("0x" + SysfsView.BlockSizeBytes(ExpectedBoot.Machine(caseName)), Is.EqualTo(expected));
    }

    /// <summary>The compared facts of one block as bootemu shows it.</summary>
    internal static string Row(SysfsBlock b) => $"memory{b.Id} {b.State} {string.Join(",", b.ValidZones)} nodes={string.Join(",", b.Nodes)}";

    /// <summary>The same facts of one block of the real sysfs (expected.json memory_blocks).</summary>
    internal static string Row(JsonElement b) =>
        $"memory{b.GetProperty("id").GetInt64()} {b.GetProperty("state").GetString()} "
        + $"{string.Join(",", b.GetProperty("valid_zones").EnumerateArray().Select(z => z.GetString()))} "
        + $"nodes={string.Join(",", b.GetProperty("nodes").EnumerateArray().Select(n => n.GetInt32()))}";
}
