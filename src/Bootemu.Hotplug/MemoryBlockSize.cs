using Bootemu.Core.Logging;

namespace Bootemu.Hotplug;

/// <summary>
/// x86_64's choice of the memory block size (arch/x86/mm/init_64.c, probe_memory_block_size), made once from
/// the end of boot memory (max_pfn).
/// </summary>
public static class MemoryBlockSize
{
    /// <summary>MIN_MEMORY_BLOCK_SIZE: one 128 MiB section.</summary>
    public const ulong Min = 128UL << 20;

    /// <summary>MAX_BLOCK_SIZE on x86_64.</summary>
    public const ulong Max = 2UL << 30;

    /// <summary>MEM_SIZE_FOR_LARGE_BLOCK: below this, blocks stay at one section.</summary>
    public const ulong LargeBlockThreshold = 64UL << 30;

    /// <summary>
    /// probe_memory_block_size: 128 MiB below 64 GiB of boot memory; above it 2 GiB on bare metal, and in a VM
    /// the largest power of two from 2 GiB down to 256 MiB that divides the end of boot memory (else 128 MiB),
    /// so that the last block is never partial where hot-add alignment matters.
    /// </summary>
    public static ulong Probe(ulong bootMemEnd, bool hypervisor)
    {
        if (bootMemEnd < LargeBlockThreshold) return Min;
        if (!hypervisor) return Max;
        ulong size = Max;
        while (size > Min && bootMemEnd % size != 0) size >>= 1;
        return size;
    }

    /// <summary>The line memory_dev_init prints (through probe_memory_block_size).</summary>
    public static string LogLine(ulong blockSize) => $"x86/mm: Memory block size: {blockSize >> 20}MB";

    public static ulong ProbeAndLog(ulong bootMemEnd, bool hypervisor, KernelLog log)
    {
        ulong size = Probe(bootMemEnd, hypervisor);
        log.Info(LogLine(size));
        return size;
    }
}
