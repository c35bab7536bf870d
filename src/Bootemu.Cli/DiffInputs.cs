using System.CommandLine;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;

namespace Bootemu.Cli;

/// <summary>
/// The two machines `bootemu diff` boots, A and B. Each input of `boot` (<see cref="MachineInputs"/>) is given once for
/// both boots (--kernel, --cmdline, --srat, ...) and may be overridden per side (--a-kernel, --b-cmdline, --b-srat, ...),
/// so that the common comparisons are one short option pair. A-FIXTURE is A's machine and B-FIXTURE B's; with one
/// fixture both boot it, unless B names files of its own. Each side is loaded and booted by <see cref="MachineBoot"/>.
/// </summary>
internal sealed class DiffInputs
{
    /// <summary>One input: the value for both boots, and each side's own.</summary>
    private sealed record Shared<T>(Option<T> Both, Option<T> A, Option<T> B)
    {
        public T? For(ParseResult parse, Side side) => parse.GetValue(side == Side.A ? A : B) ?? parse.GetValue(Both);
    }

    private enum Side { A, B }

    private readonly Argument<string?> _fixtureA = new("A-FIXTURE")
    {
        Description = "machine fixture (YAML) of boot A, and of B when B-FIXTURE is not given; default: the embedded default machine",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Argument<string?> _fixtureB = new("B-FIXTURE")
    {
        Description = "machine fixture (YAML) of boot B",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Shared<string?> _kernel = Declare<string?>("kernel", $"the Linux version to emulate: {KernelModel.Versions}", kernel: true);
    private readonly Shared<string?> _cmdline = Declare<string?>("cmdline", "kernel command line, in place of the machine's own (\"\" for an empty one)");
    private readonly Shared<string?> _srat = Declare<string?>("srat", "SRAT binary, in place of a fixture (as boot --srat)");
    private readonly Shared<string?> _acpidump = Declare<string?>("acpidump", "acpidump text holding the SRAT and SLIT (as boot --acpidump)");
    private readonly Shared<string?> _e820 = Declare<string?>("e820", "text with BIOS-e820: lines, e.g. a saved dmesg (as boot --e820)");
    private readonly Shared<string?> _slit = Declare<string?>("slit", "SLIT binary (as boot --slit)");
    private readonly Shared<string[]?> _memoryDevices = Declare<string[]?>("memory-device",
        "an ACPI memory device present at boot: base=ADDR,size=SIZE[,node=N]; repeatable", relation: "added to");
    private readonly Option<bool> _bareMetal = new("--bare-metal")
    {
        Description = "no hypervisor CPU flag, for both boots (affects the memory block size on machines of 64 GiB or more)",
    };

    private DiffInputs() { }

    /// <summary>--NAME for both boots, and --a-NAME and --b-NAME for one, which <paramref name="relation"/> --NAME.</summary>
    private static Shared<T> Declare<T>(string name, string description, bool kernel = false, string relation = "wins over")
    {
        Option<T> Make(string prefix, string who)
        {
            var option = new Option<T>($"--{prefix}{name}") { Description = $"{description}; {who}" };
            if (kernel) option.AcceptOnlyFromAmong([.. KernelModel.All.Select(k => k.Version)]);
            if (typeof(T) == typeof(string[])) option.AllowMultipleArgumentsPerToken = false;
            return option;
        }
        return new Shared<T>(Make("", "for both boots"), Make("a-", $"for boot A ({relation} --{name})"),
            Make("b-", $"for boot B ({relation} --{name})"));
    }

    public static DiffInputs AddTo(Command command)
    {
        var inputs = new DiffInputs();
        command.Arguments.Add(inputs._fixtureA);
        command.Arguments.Add(inputs._fixtureB);
        foreach (var shared in new[] { inputs._kernel, inputs._cmdline, inputs._srat, inputs._acpidump, inputs._e820, inputs._slit })
            foreach (var option in new[] { shared.Both, shared.A, shared.B })
                command.Options.Add(option);
        foreach (var option in new[] { inputs._memoryDevices.Both, inputs._memoryDevices.A, inputs._memoryDevices.B })
            command.Options.Add(option);
        command.Options.Add(inputs._bareMetal);
        return inputs;
    }

    /// <summary>X86_FEATURE_HYPERVISOR, which picks the memory block size: set unless --bare-metal is given.</summary>
    public bool Hypervisor(ParseResult parse) => !parse.GetValue(_bareMetal);

    public BootResult BootA(ParseResult parse) => MachineBoot.Boot(Source(parse, Side.A), new KernelLog());

    public BootResult BootB(ParseResult parse) => MachineBoot.Boot(Source(parse, Side.B), new KernelLog());

    private MachineSource Source(ParseResult parse, Side side)
    {
        string? srat = _srat.For(parse, side), acpidump = _acpidump.For(parse, side), e820 = _e820.For(parse, side), slit = _slit.For(parse, side);
        string? fixture = side == Side.A ? parse.GetValue(_fixtureA) : parse.GetValue(_fixtureB);
        // B boots A's fixture when it has none of its own and names no machine files of its own either.
        bool ownFiles = new[] { _srat, _acpidump, _e820, _slit }.Any(o => parse.GetValue(side == Side.A ? o.A : o.B) is not null);
        if (side == Side.B && fixture is null && !ownFiles) fixture = parse.GetValue(_fixtureA);
        var devices = (parse.GetValue(_memoryDevices.Both) ?? []).Concat(parse.GetValue(side == Side.A ? _memoryDevices.A : _memoryDevices.B) ?? []);
        return new MachineSource(fixture, srat, acpidump, e820, slit, _cmdline.For(parse, side), _kernel.For(parse, side),
            devices.Select(MemoryDeviceOption.Parse).ToList());
    }
}
