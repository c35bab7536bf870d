using System.CommandLine;
using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Srat;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;

namespace Bootemu.Cli;

/// <summary>
/// The inputs that say which machine to boot, declared once for every verb that boots one (`boot`, `hotplug`), so
/// that each is named and described alike wherever it appears: FIXTURE, or the files of a real machine (--srat,
/// --acpidump, --e820, --slit), or a live machine's (--live), or none for the embedded default machine; --kernel; --cmdline; --memory-device;
/// and --bare-metal.
/// </summary>
internal sealed class MachineInputs
{
    private readonly Argument<string?> _fixture = new("FIXTURE")
    {
        Description = "machine fixture (YAML); default: the embedded two-socket-hotplug machine",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<string?> _cmdline = new("--cmdline")
    {
        Description = "kernel command line, in place of the machine's own (the fixture's cmdline, or the --e820 log's 'Command line:')",
    };
    private readonly Option<string?> _srat = new("--srat")
    {
        Description = TableVerbs.FileDescription(Srat.Signature) + "; in place of a fixture, and of the SRAT in --acpidump",
    };
    private readonly Option<string?> _acpidump = new("--acpidump")
    {
        Description = "acpidump text holding the SRAT (and the SLIT, if it has one)",
    };
    private readonly Option<string?> _e820 = new("--e820")
    {
        Description = "a text with BIOS-e820: lines, e.g. a saved dmesg or serial console (its RAMDISK, ACPI and Command line: lines are used too); " +
                      "without it, RAM is taken from the SRAT",
    };
    private readonly Option<string?> _slit = new("--slit")
    {
        Description = TableVerbs.FileDescription(Slit.Signature) + "; in place of the SLIT in --acpidump",
    };
    private readonly Option<string?> _kernel = new("--kernel")
    {
        Description = $"the Linux version to emulate: {KernelModel.Versions} (default: the fixture's kernel:, else {KernelModel.Default.Version}, the current long-term kernel)",
    };
    private readonly Option<string[]> _memoryDevices = new(MemoryDeviceOption.Name)
    {
        Description = "an ACPI memory device present at boot (e.g. a QEMU pc-dimm), hot-added by the kernel during boot: " +
                      "base=ADDR,size=SIZE[,node=N]; repeatable, added to the fixture's memory_devices:",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<bool> _bareMetal = new("--bare-metal")
    {
        Description = "no hypervisor CPU flag (affects the memory block size on machines of 64 GiB or more)",
    };

    private readonly Option<string?> _live = new("--live")
    {
        Description = "boot the machine bootemu runs on from its own files (SRAT and SLIT as root, the boot log, /proc/cmdline, the running kernel's release); " +
                      "or, given ROOT, a copy of another machine's files in the same layout (tools/collect-live.sh)",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "ROOT",
    };

    private MachineInputs() { }

    /// <summary>Declares the inputs on <paramref name="command"/>, ahead of the options the verb adds itself.</summary>
    public static MachineInputs AddTo(Command command)
    {
        var inputs = new MachineInputs();
        command.Arguments.Add(inputs._fixture);
        foreach (var option in new Option[] { inputs._kernel, inputs._live, inputs._cmdline, inputs._srat, inputs._acpidump, inputs._e820, inputs._slit, inputs._memoryDevices, inputs._bareMetal })
            command.Options.Add(option);
        return inputs;
    }

    /// <summary>X86_FEATURE_HYPERVISOR, which picks the memory block size: set unless --bare-metal is given.</summary>
    public bool Hypervisor(ParseResult parse) => !parse.GetValue(_bareMetal);

    /// <summary>Loads the machine <paramref name="parse"/> names and boots it.</summary>
    public BootResult Boot(ParseResult parse, KernelLog log) => MachineBoot.Boot(Source(parse), log);

    /// <summary>Where the machine <paramref name="parse"/> names comes from, and its command line.</summary>
    public MachineSource Source(ParseResult parse) => new(
        parse.GetValue(_fixture), parse.GetValue(_srat), parse.GetValue(_acpidump), parse.GetValue(_e820), parse.GetValue(_slit),
        parse.GetValue(_cmdline), parse.GetValue(_kernel),
        (parse.GetValue(_memoryDevices) ?? []).Select(MemoryDeviceOption.Parse).ToList(), LiveRoot(parse));

    /// <summary>The root of the live machine's files: --live's ROOT, <c>/</c> when it is given bare, null without --live.</summary>
    public string? LiveRoot(ParseResult parse) => parse.GetResult(_live) is null ? null : parse.GetValue(_live) ?? "/";
}
