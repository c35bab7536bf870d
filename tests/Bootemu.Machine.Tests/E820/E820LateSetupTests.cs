using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine.E820;

using static Bootemu.Machine.Tests.E820.E820TestTables;

namespace Bootemu.Machine.Tests.E820;

/// <summary>
/// The end of setup_arch: e820__register_nosave_regions and e820__setup_pci_gap (arch/x86/kernel/e820.c) read the final
/// table. The conformance boots check both against real logs; these pin the cases no QEMU machine has.
/// </summary>
public class E820LateSetupTests
{
    private static string[] Run(Action<KernelLog> step)
    {
        var log = new KernelLog();
        step(log);
        return log.Lines.Select(l => l.Text).ToArray();
    }

    [Test]
    public void Nosave_regions_are_the_stretches_between_ram_widened_to_whole_pages_and_up_to_max_pfn()
    {
        var t = T((0x1000, 0x9e800, E820Type.Ram), (0x100000, G - M, E820Type.Ram), (4 * G, G, E820Type.Ram));
        Assert.That(Run(log => t.RegisterNosaveRegions(new Pfn((6 * G) >> 12), log)), Is.EqualTo(new[]
        {
            "PM: hibernation: Registered nosave memory: [mem 0x00000000-0x00000fff]",
            "PM: hibernation: Registered nosave memory: [mem 0x0009f000-0x000fffff]",
            "PM: hibernation: Registered nosave memory: [mem 0x40000000-0xffffffff]",
            "PM: hibernation: Registered nosave memory: [mem 0x140000000-0x17fffffff]",
        }));
    }

    [Test]
    public void Reserved_kernel_ram_is_not_a_nosave_region()
    {
        var t = T((0, G, E820Type.Ram), (G, M, E820Type.ReservedKern), (G + M, G, E820Type.Ram));
        Assert.That(Run(log => t.RegisterNosaveRegions(new Pfn((2 * G + M) >> 12), log)), Is.Empty);
    }

    [Test]
    public void The_pci_window_is_the_largest_gap_below_4_GiB()
    {
        var t = T((0, 2 * G, E820Type.Ram), (0xb0000000, 0x10000000, E820Type.Reserved), (0xfffc0000, 0x40000, E820Type.Reserved));
        Assert.That(Run(log => t.SetupPciGap(new Pfn(0x80000), log)), Is.EqualTo(new[] { "[mem 0xc0000000-0xfffbffff] available for PCI devices" }));
    }

    [Test]
    public void Of_two_equal_gaps_the_lower_one_is_the_pci_window()
    {
        var t = T((0, G, E820Type.Ram), (2 * G, G, E820Type.Reserved));
        Assert.That(Run(log => t.SetupPciGap(new Pfn(G >> 12), log)), Is.EqualTo(new[] { "[mem 0x40000000-0x7fffffff] available for PCI devices" }));
    }

    [Test]
    public void Without_a_gap_of_4_MiB_the_window_goes_1_MiB_above_max_pfn_with_the_kernels_complaint()
    {
        var t = T((0, 4 * G - 2 * M, E820Type.Ram), (4 * G - M, M, E820Type.Reserved));
        Assert.That(Run(log => t.SetupPciGap(new Pfn((4 * G - 2 * M) >> 12), log)), Is.EqualTo(new[]
        {
            "Cannot find an available gap in the 32-bit address range",
            "PCI devices with unassigned 32-bit BARs may not work!",
            "[mem 0xfff00000-0x1002fffff] available for PCI devices",
        }));
    }
}
