using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Setup;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using NUnit.Framework;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Boot.Tests;

/// <summary>
/// Where the kernel image sits on a machine given by its SRAT alone: at 16 MiB when the assumed map has RAM there, else
/// where a boot loader would put a relocatable kernel, so that the emulated kernel never rejects an SRAT for RAM the
/// firmware did not describe.
/// </summary>
public class KernelImagePlacementTests
{
    private static BootResult Boot(string sratEntries)
    {
        var machine = MachineLoader.LoadFixture("srat:\n  entries:\n" + sratEntries, "test.yaml", ".");
        return BootPipeline.Run(machine, KernelCommandLine.Parse(""), new KernelLog(), KernelModel.Linux61);
    }

    private static EarlyAllocation Image(BootResult boot) => boot.EarlyAllocations.Single(a => a.Kind == EarlyAllocationKind.KernelImage);

    [Test]
    public void Srat_starting_above_16_MiB_moves_the_image_to_its_ram_and_keeps_the_srat()
    {
        var boot = Boot("""
                - memory: {pxm: 0, base: 0x8000000, length: 0x78000000, enabled: true}
                - memory: {pxm: 1, base: 0x100000000, length: 0x80000000, enabled: true}
            """);
        Assert.That(boot.NumaFallback, Is.Null);
        Assert.That(Image(boot).Base, Is.EqualTo(0x8000000UL));
        Assert.That(boot.Log.Select(l => l.Text), Has.None.Contains("nodes only cover"));
        Assert.That(boot.Notes, Has.One.Contains("assumed loaded at 0x8000000"));
    }

    [Test]
    public void Hole_inside_the_image_moves_it_to_the_next_range_that_holds_it()
    {
        // RAM [0, 32M) cannot hold the image and brk (52 MiB from 16 MiB); the next range starts at 64 MiB.
        var boot = Boot("""
                - memory: {pxm: 0, base: 0x0, length: 0x2000000, enabled: true}
                - memory: {pxm: 1, base: 0x4000000, length: 0x7c000000, enabled: true}
            """);
        Assert.That(boot.NumaFallback, Is.Null);
        Assert.That(Image(boot).Base, Is.EqualTo(0x4000000UL));
    }

    [Test]
    public void The_image_is_never_moved_past_MAX_PHYSMEM_BITS()
    {
        // The only range large enough lies at 2^62, where the kernel maps nothing: no boot loader can run it there.
        var boot = Boot("""
                - memory: {pxm: 0, base: 0x100000000, length: 0xa0000, enabled: true}
                - memory: {pxm: 1, base: 0x4000000000000000, length: 0x100000000, enabled: true}
            """);
        Assert.That(Image(boot).Base, Is.EqualTo(Bootemu.Boot.Kernel.KernelModel.Linux61.Image.ImageStart));
        Assert.That(boot.Notes, Has.None.Contains("assumed loaded at"));
    }

    [Test]
    public void Srat_with_ram_at_16_MiB_keeps_the_image_there()
    {
        var boot = Boot("""
                - memory: {pxm: 0, base: 0x0, length: 0x80000000, enabled: true}
            """);
        Assert.That(Image(boot).Base, Is.EqualTo(Bootemu.Boot.Kernel.KernelModel.Linux61.Image.ImageStart));
        Assert.That(boot.Notes, Has.None.Contains("assumed loaded at"));
    }
}
