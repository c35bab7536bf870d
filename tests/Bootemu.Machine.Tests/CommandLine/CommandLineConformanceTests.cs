using Bootemu.Tests.Shared;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Machine.Tests.CommandLine;

/// <summary>The real boots' command lines: the kernel's lines about its options, and the options bootemu reads from them.</summary>
public class CommandLineConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Kernel_lines_about_the_options_match_the_boot(string name)
    {
        var c = ConformanceCase.Load(name);
        var expected = c.KernelLinesStartingWith("Malformed early option", "Unknown kernel command line parameters", "Booting kernel: ", "mem=nopentium", "------------[ cut here ]");
        Assert.That(KernelCommandLine.Parse(c.ProcCmdline).KernelMessages, Is.EqualTo(expected));
    }

    [TestCase("srat2_hp1_movable_node_kernelcore", true, CoreSizeKind.Pages, 0xc0000UL)]
    [TestCase("srat2_kernelcore_size", false, CoreSizeKind.Pages, 0x80000UL)]
    [TestCase("srat2_movablecore_pct", false, CoreSizeKind.None, 0UL)]
    public void Options_of_the_boots(string name, bool movableNode, CoreSizeKind kind, ulong pages)
    {
        var o = KernelCommandLine.Parse(ConformanceCase.Load(name).ProcCmdline);
        Assert.That((o.MovableNode, o.Kernelcore.Kind, o.Kernelcore.Value), Is.EqualTo((movableNode, kind, pages)));
    }
}
