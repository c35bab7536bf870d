using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Boot.Tests.Kernel;

/// <summary>The whole boot path where Linux 6.12 orders or decides differently from 6.1, on a real machine's inputs.</summary>
public sealed class Linux612PipelineTests
{
    private static List<string> Boot(KernelModel kernel, string cmdline)
    {
        var c = ConformanceCase.Load("srat2_default");
        var machine = MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null);
        var boot = BootPipeline.Run(machine, KernelCommandLine.Parse(cmdline, kernel.CommandLine), new KernelLog(), kernel);
        return boot.Log.Select(l => l.Text).ToList();
    }

    private static int IndexOfStart(List<string> lines, string prefix) => lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));

    [Test]
    public void Unknown_parameters_are_reported_before_the_zonelists_on_6_12()
    {
        var lines = Boot(KernelModel.Linux612, "bogus_option=1");
        Assert.That(IndexOfStart(lines, "Unknown kernel command line parameters"), Is.LessThan(IndexOfStart(lines, "Fallback order for Node")));
    }

    [Test]
    public void Unknown_parameters_are_reported_after_the_zonelists_on_6_1()
    {
        var lines = Boot(KernelModel.Linux61, "bogus_option=1");
        Assert.That(IndexOfStart(lines, "Unknown kernel command line parameters"), Is.GreaterThan(IndexOfStart(lines, "Fallback order for Node")));
    }

    [Test]
    public void The_6_12_image_ends_at_0x3c00000()
    {
        var lines = Boot(KernelModel.Linux612, "memblock=debug");
        Assert.That(lines.First(l => l.StartsWith("memblock_", StringComparison.Ordinal)),
            Is.EqualTo("memblock_reserve: [0x0000000003c00000-0x0000000003c10fff] setup_arch+0xc7e/0xe70"));
    }
}
