using System.Globalization;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Output;

/// <summary>What /sys/devices/system/memory shows for one block.</summary>
public sealed record SysfsBlock(long Id, string State, IReadOnlyList<string> ValidZones, IReadOnlyList<int> Nodes, string PhysIndex, string Removable);

/// <summary>The sysfs files of the memory blocks, and the one-line-per-block rendering of them.</summary>
public static class SysfsView
{
    public static IEnumerable<SysfsBlock> Blocks(HotplugMachine m) =>
        m.Blocks.Values.Select(b => new SysfsBlock(
            b.Id,
            b.State.Word(),
            ZonePolicy.ValidZones(m, b),
            b.Nodes,
            b.Id.ToString("x8", CultureInfo.InvariantCulture),
            "1"));

    /// <summary>block_size_bytes: bare hex.</summary>
    public static string BlockSizeBytes(HotplugMachine m) => m.BlockSize.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>memory&lt;N&gt; state=&lt;state&gt; valid_zones=&lt;words,...&gt; nodes=&lt;ids,...&gt;, one line per block.</summary>
    public static string Render(HotplugMachine m) =>
        string.Concat(Blocks(m).Select(b =>
            $"memory{b.Id} state={b.State} valid_zones={string.Join(",", b.ValidZones)} nodes={string.Join(",", b.Nodes)}\n"));
}
