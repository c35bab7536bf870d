using Bootemu.Boot.Model;
using Bootemu.Core.Logging;

namespace Bootemu.Hotplug.Output;

/// <summary>
/// `bootemu boot --format dmesg`, line by line: every kernel line of the emulated steps in the kernel's order, without
/// timestamps (<see cref="ZeroTimestamp"/> with --timestamps), then the memory-block size line memory_dev_init prints later in boot, or, on a machine with memory
/// devices present at boot, what the memory block setup and their hot-add printed (<paramref name="afterBoot"/>).
/// bootemu's own notes never mix into it. The lines come one at a time, so that a 1,024-node boot's 4.5 MB can be
/// written as it is made.
/// </summary>
public static class BootDmesg
{
    /// <summary>
    /// printk's time stamp at time zero, as `boot --format dmesg --timestamps` starts every line: the seconds right-aligned
    /// in 5, a point, the microseconds in 6, as a raw dmesg and a serial console print it. bootemu knows no times, and a real
    /// boot prints its early memory lines at 0.000000 too.
    /// </summary>
    public const string ZeroTimestamp = "[    0.000000] ";

    /// <param name="afterBoot">the log <see cref="BootMemoryBlocks.FromBoot"/> wrote, for a machine with memory devices; else null.</param>
    public static IEnumerable<string> Lines(BootResult boot, bool hypervisor, KernelLog? afterBoot)
    {
        foreach (var line in boot.Log) yield return line.Text;
        if (afterBoot is null)
        {
            yield return MemoryBlockSize.LogLine(MemoryBlockSize.Probe(boot.MaxPfn.Address, hypervisor));
            yield break;
        }
        foreach (var line in afterBoot.Lines.Where(l => l.Level <= KernelLogLevel.Info)) yield return line.Text;
    }
}
