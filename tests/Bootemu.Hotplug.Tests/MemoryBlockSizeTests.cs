using Bootemu.Core.Logging;

namespace Bootemu.Hotplug.Tests;

/// <summary>probe_memory_block_size (arch/x86/mm/init_64.c).</summary>
public class MemoryBlockSizeTests
{
    private const ulong G = 1UL << 30, M = 1UL << 20;

    [Test]
    public void Below_64_GiB_the_block_is_one_128_MiB_section() =>
        Assert.That(MemoryBlockSize.Probe(63 * G + 512 * M, hypervisor: false), Is.EqualTo(128 * M));

    [Test]
    public void Bare_metal_with_64_GiB_or_more_uses_2_GiB() =>
        Assert.That(MemoryBlockSize.Probe(65 * G + 128 * M, hypervisor: false), Is.EqualTo(2 * G));

    [Test]
    public void A_VM_takes_the_largest_size_that_divides_the_end_of_boot_memory() =>
        Assert.That(MemoryBlockSize.Probe(65 * G, hypervisor: true), Is.EqualTo(1 * G));

    [Test]
    public void A_VM_whose_memory_ends_off_every_large_boundary_falls_back_to_128_MiB() =>
        Assert.That(MemoryBlockSize.Probe(64 * G + 128 * M, hypervisor: true), Is.EqualTo(128 * M));

    [Test]
    public void The_probe_prints_the_kernels_line()
    {
        var log = new KernelLog();
        MemoryBlockSize.ProbeAndLog(4 * G, hypervisor: true, log);
        Assert.That(log.Lines.Single().Text, Is.EqualTo("x86/mm: Memory block size: 128MB"));
    }
}
