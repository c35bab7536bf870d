using System.Reflection;
using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Cli;

/// <summary>
/// Where the machine to boot comes from, as the command line gave it: a fixture, or the raw files of a real machine,
/// or nothing (the embedded default machine); and the kernel command line, null for the machine's own.
/// </summary>
internal sealed record MachineSource(string? Fixture, string? Srat, string? Acpidump, string? E820, string? Slit, string? CommandLine,
    string? Kernel = null, IReadOnlyList<MemoryDevice>? MemoryDevices = null, string? Live = null)
{
    public bool HasFiles => Srat is not null || Acpidump is not null || E820 is not null || Slit is not null;
}

/// <summary>
/// How every verb that boots a machine gets it: a fixture file, or the raw files of a real machine
/// (--srat/--acpidump/--e820/--slit), or a live machine's own files (--live), or the embedded default fixture; the command line from --cmdline, else the
/// machine's own; then the boot pipeline.
/// </summary>
internal static class MachineBoot
{
    private const string DefaultMachineResource = "default-machine.yaml";

    public static BootResult Boot(MachineSource source, KernelLog log)
    {
        var (machine, kernel) = Load(source);
        var options = KernelCommandLine.Parse(source.CommandLine ?? machine.CommandLine, kernel.CommandLine);
        return Boot(source, machine, options, kernel, log);
    }

    /// <summary>The boot pipeline on a loaded machine, with the note about memory devices a boot log cannot show.</summary>
    public static BootResult Boot(MachineSource source, MachineDescription machine, BootOptions options, KernelModel kernel, KernelLog log)
    {
        var boot = BootPipeline.Run(machine, options, log, kernel);
        return source.E820 is not null && machine.MemoryDevices.Count == 0 && NoDevicesSeenNote(boot) is { } note
            ? boot with { Notes = [.. boot.Notes, note] }
            : boot;
    }

    /// <summary>The machine <paramref name="source"/> names, read once, and the kernel model to boot it with.</summary>
    public static (MachineDescription Machine, KernelModel Kernel) Load(MachineSource source)
    {
        MachineDescription machine;
        if (source.Live is { } root)
        {
            if (source.Fixture is not null || source.HasFiles)
                throw new InputException("--live", "give either --live or a fixture or --srat/--acpidump/--e820/--slit files, not both");
            machine = MachineLoader.FromLive(root);
        }
        else if (source.Fixture is { } fixture)
        {
            if (source.HasFiles)
                throw new InputException(fixture, "give either a fixture or --srat/--acpidump/--e820/--slit files, not both");
            machine = MachineLoader.LoadFixture(fixture);
        }
        else if (source.HasFiles)
            machine = MachineLoader.FromFiles(source.Srat, source.Acpidump, source.E820, source.Slit);
        else
            machine = DefaultMachine();
        if (source.MemoryDevices is { Count: > 0 } devices)
            machine = machine with { MemoryDevices = [.. machine.MemoryDevices, .. devices] };
        var (kernel, kernelNote) = Kernel(source, machine);
        if (kernelNote is not null) machine = machine with { Notes = [.. machine.Notes, kernelNote] };
        return (machine, kernel);
    }

    /// <summary>
    /// A boot log cannot show the memory devices present at boot: the kernel hot-adds them (a QEMU pc-dimm, a populated
    /// slot) during acpi_init without a message of its own (onlining one into an empty zone only rebuilds the zonelists),
    /// and they are in neither e820 nor the SRAT's RAM. So when the SRAT leaves
    /// hot-pluggable ranges empty, say that bootemu took them as empty and how to say otherwise.
    /// </summary>
    private static string? NoDevicesSeenNote(BootResult boot)
    {
        var slots = boot.HotplugCapacity.Where(c => c.Hotpluggable && c.Size != 0).ToList();
        if (slots.Count == 0) return null;
        return "the log cannot show memory devices present at boot (acpi_init hot-adds a pc-dimm or populated slot without a message " +
               "of its own, and it is in no e820 entry), so bootemu assumes none in the SRAT's hot-pluggable " +
               string.Join(", ", slots.Select(c => $"{Core.Printk.Printk.Mem10(c.Base, c.End - 1)} (node {c.Nid})")) +
               $"; if the machine had one there, give it with {MemoryDeviceOption.Name} base=ADDR,size=SIZE[,node=N]";
    }

    /// <summary>
    /// The kernel to emulate: --kernel, else the fixture's <c>kernel:</c>, else the model of the live machine's running
    /// kernel, else <see cref="KernelModel.Default"/>; with a note when a running kernel is neither model.
    /// </summary>
    private static (KernelModel Kernel, string? Note) Kernel(MachineSource source, MachineDescription machine)
    {
        var choice = source.Kernel is { } given ? new KernelChoice(given, "--kernel") : machine.Kernel;
        if (choice is not null)
            return (KernelModel.ForVersion(choice.Version)
                ?? throw new InputException(choice.Location, $"bootemu models Linux {KernelModel.Versions}, not {InputText.Quote(choice.Version)}"), null);
        if (machine.RunningRelease is not { } release) return (KernelModel.Default, null);
        if (KernelModel.ForRelease(release) is { } running)
            return (running, $"emulating Linux {running.Version}, the model of the running kernel {release}");
        return (KernelModel.Default, $"the running kernel {release} is neither model (Linux {KernelModel.Versions}): emulating Linux {KernelModel.Default.Version}, " +
                                     "so lines and layouts may differ where the two kernels differ");
    }

    private static MachineDescription DefaultMachine()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultMachineResource)
            ?? throw new InputException("", "no machine given: pass a fixture file or --srat/--acpidump/--e820 (this build has no embedded default machine)");
        using var reader = new StreamReader(stream);
        return MachineLoader.LoadFixture(reader.ReadToEnd(), DefaultMachineResource, AppContext.BaseDirectory);
    }
}
