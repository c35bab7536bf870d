using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;

namespace Bootemu.Boot.Tests.Output;

/// <summary>A shipped fixture (firmware-tables/) booted by Linux 6.12 with a command line, for the output tests.</summary>
internal static class FixtureBoots
{
    public static BootResult Boot(string fixture, string cmdline = "")
    {
        var machine = MachineLoader.LoadFixture(Path.Combine(RepoPaths.Root, "firmware-tables", fixture));
        return BootPipeline.Run(machine, KernelCommandLine.Parse(cmdline), new KernelLog(), KernelModel.Linux612);
    }
}
