using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Diff;
using Bootemu.Hotplug.Model;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Diff;

/// <summary>The boots the diff tests compare: real conformance inputs replayed with their own command line.</summary>
internal static class DiffSides
{
    /// <summary>The machine of <paramref name="caseName"/> (its srat.bin and console.log) booted by <paramref name="kernel"/>, in a VM.</summary>
    public static BootSide Of(string caseName, string kernel = RepoPaths.Linux61)
    {
        var c = ConformanceCase.Load(caseName, kernel);
        var machine = MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null);
        var model = KernelModel.ForVersion(kernel)!;
        var boot = BootPipeline.Run(machine, KernelCommandLine.Parse(machine.CommandLine, model.CommandLine), new KernelLog(), model);
        return BootSide.Of(boot, new HotplugSettings());
    }
}
