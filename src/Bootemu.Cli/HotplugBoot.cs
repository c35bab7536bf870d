using System.Reflection;
using Bootemu.Boot;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;

namespace Bootemu.Cli;

/// <summary>
/// How `bootemu hotplug` gets its booted machine: a fixture file, or the raw files of a real machine
/// (--srat/--acpidump/--e820/--slit), or the embedded default fixture; the command line from --cmdline, else the
/// machine's own; then the boot pipeline.
/// </summary>
public static class HotplugBoot
{
    public const string DefaultMachineResource = "default-machine.yaml";

    public static BootResult Boot(string? fixture, string? srat, string? acpidump, string? e820, string? slit, string? cmdline, KernelLog log)
    {
        MachineDescription machine;
        if (fixture is not null)
        {
            if (srat is not null || acpidump is not null || e820 is not null || slit is not null)
                throw new InputException(fixture, "give either a fixture or --srat/--acpidump/--e820/--slit files, not both");
            machine = MachineLoader.LoadFixture(fixture);
        }
        else if (srat is not null || acpidump is not null || e820 is not null || slit is not null)
            machine = MachineLoader.FromFiles(srat, acpidump, e820, slit);
        else
            machine = DefaultMachine();
        var options = KernelCommandLine.Parse(cmdline ?? machine.CommandLine);
        return BootPipeline.Run(machine, options, log);
    }

    private static MachineDescription DefaultMachine()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultMachineResource)
            ?? throw new InputException("", "no machine given: pass a fixture file or --srat/--acpidump/--e820 (this build has no embedded default machine)");
        using var reader = new StreamReader(stream);
        return MachineLoader.LoadFixture(reader.ReadToEnd(), DefaultMachineResource, AppContext.BaseDirectory);
    }
}
