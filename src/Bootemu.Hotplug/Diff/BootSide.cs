using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Readiness;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// One of the two boots `bootemu diff` compares, with everything `bootemu boot` shows of it: the boot itself, the
/// memory block devices the kernel has once boot is over (memory devices present at boot hot-added), the hot-remove
/// verdicts of its hot-pluggable nodes, and its dmesg. Blocks and verdicts are null when the kernel panics during boot.
/// </summary>
public sealed record BootSide(BootResult Boot, HotplugMachine? Blocks, IReadOnlyList<NodeReadiness>? Readiness, IReadOnlyList<string> Dmesg)
{
    /// <summary>Finishes <paramref name="boot"/> as `bootemu boot` does, with <paramref name="settings"/>' block size rule.</summary>
    public static BootSide Of(BootResult boot, HotplugSettings settings)
    {
        if (boot.KernelPanics is not null)
            return new BootSide(boot, null, null, BootDmesg.Lines(boot, settings.Hypervisor, null).ToList());
        var afterBoot = new KernelLog();
        var blocks = BootMemoryBlocks.FromBoot(boot, settings, afterBoot);
        var dmesg = BootDmesg.Lines(boot, settings.Hypervisor, boot.MemoryDevices.Count > 0 ? afterBoot : null).ToList();
        return new BootSide(boot, blocks, HotRemoveReadiness.Assess(boot, blocks), dmesg);
    }
}
