using Bootemu.Core.Logging;

namespace Bootemu.Machine.CommandLine;

/// <summary>The kernel's variables while it reads the command line, and the lines it prints; becomes a <see cref="BootOptions"/>.</summary>
internal sealed class ParseState(CommandLineRules rules)
{
    /// <summary>The build's parsing rules.</summary>
    public CommandLineRules Rules { get; } = rules;

    private readonly List<BootMessage> _messages = new();
    private readonly List<EarlyParamStep> _steps = new();
    private readonly List<string> _notes = new();
    // init/main.c: argv_init starts with "init", envp_init with HOME and TERM; only later entries are reported.
    private readonly List<string> _argv = new();
    private readonly List<string> _envp = new() { "HOME=/", "TERM=linux" };

    public bool MovableNode, KernelcoreMirror, MemblockDebug, NumaOff, NumaNoAcpi, AcpiOff, AutoMovableNumaAware = true, MemmapOnMemory, RetainInitrd;
    public ulong? MemLimit;
    public bool HashDistribution = true;
    public bool HugeVmalloc = true;
    public ulong DentryHashEntries, InodeHashEntries, MountHashEntries, MountpointHashEntries;
    public string? NumaFake;
    public uint AutoMovableRatio = BootOptions.DefaultAutoMovableRatio;
    public OnlinePolicy OnlinePolicy = OnlinePolicy.ContigZones;
    public OnlineType? MemhpDefaultState;
    public readonly CoreSizeParam Kernelcore = new("kernelcore"), Movablecore = new("movablecore");

    public void Early(KernelLogLevel level, string text)
    {
        var message = new BootMessage(level, text, CommandLinePhase.EarlyParam);
        _messages.Add(message);
        _steps.Add(new EarlyParamStep(null, message));
    }

    /// <summary>do_early_param: a handler that returned non-zero.</summary>
    public void Malformed(string name) => Early(KernelLogLevel.Warning, $"Malformed early option '{name}'");

    public void Edit(E820Edit edit) => _steps.Add(new EarlyParamStep(edit, null));

    public void Note(string note) => _notes.Add(note);

    /// <summary>parse_args' report of a module parameter that refused its value.</summary>
    public void Invalid(CommandLineWord word)
    {
        _messages.Add(new BootMessage(KernelLogLevel.Err, $"Booting kernel: `{word.Value ?? ""}' invalid for parameter `{word.Name}'", CommandLinePhase.BootingKernel));
        _notes.Add($"{word}: the kernel rejects the value and keeps the default");
    }

    /// <summary>unknown_bootoption's tail: name=value words become init's environment (a repeated name replaces the earlier one), bare words its arguments.</summary>
    public void PassToUserSpace(CommandLineWord word)
    {
        if (word.Value is null)
        {
            _argv.Add(word.Name);
            return;
        }
        string prefix = word.Name + "=";
        int same = _envp.FindIndex(e => e.StartsWith(prefix, StringComparison.Ordinal));
        if (same >= 0) _envp[same] = word.ToString();
        else _envp.Add(word.ToString());
    }

    public IReadOnlyList<string> Unknown => _argv.Concat(_envp.Skip(2)).ToArray();

    /// <summary>print_unknown_bootoptions: one line naming every word the kernel did not claim.</summary>
    public void ReportUnknown()
    {
        if (Unknown.Count == 0) return;
        _messages.Add(new BootMessage(KernelLogLevel.Notice,
            $"Unknown kernel command line parameters \"{string.Join(' ', Unknown)}\", will be passed to user space.", CommandLinePhase.BootingKernel));
    }

    public BootOptions ToOptions(string commandLine, string? afterDashes)
    {
        if (MovableNode && (Kernelcore.Effective.Kind != CoreSizeKind.None || Movablecore.Effective.Kind != CoreSizeKind.None || KernelcoreMirror))
            _notes.Add("movable_node: ZONE_MOVABLE comes from the hotpluggable ranges; kernelcore= and movablecore= are ignored");
        else if (KernelcoreMirror && (Kernelcore.Effective.Kind != CoreSizeKind.None || Movablecore.Effective.Kind != CoreSizeKind.None))
            _notes.Add("kernelcore=mirror: the mirror request wins; kernelcore= sizes and movablecore= are ignored");
        return new BootOptions
        {
            CommandLine = commandLine,
            MovableNode = MovableNode,
            KernelcoreMirror = KernelcoreMirror,
            Kernelcore = Kernelcore.Effective,
            Movablecore = Movablecore.Effective,
            MemLimit = MemLimit,
            MemblockDebug = MemblockDebug,
            // numa_off skips ACPI NUMA altogether, so it outranks numa=noacpi whatever the order.
            Numa = NumaOff ? NumaMode.Off : NumaNoAcpi ? NumaMode.NoAcpi : NumaMode.Default,
            AcpiOff = AcpiOff,
            NumaFake = NumaFake,
            MemhpDefaultState = MemhpDefaultState,
            OnlinePolicy = OnlinePolicy,
            AutoMovableRatio = AutoMovableRatio,
            AutoMovableNumaAware = AutoMovableNumaAware,
            MemmapOnMemory = MemmapOnMemory,
            RetainInitrd = RetainInitrd,
            HashDistribution = HashDistribution,
            HugeVmalloc = HugeVmalloc,
            DentryHashEntries = DentryHashEntries,
            InodeHashEntries = InodeHashEntries,
            MountHashEntries = MountHashEntries,
            MountpointHashEntries = MountpointHashEntries,
            Messages = _messages.ToArray(),
            EarlyParamSteps = _steps.ToArray(),
            UnknownParameters = Unknown,
            InitArguments = afterDashes,
            Notes = _notes.ToArray(),
        };
    }
}

/// <summary>
/// cmdline_parse_core's two variables for one option (required_kernelcore and
/// required_kernelcore_percent, or the movablecore pair): a percentage keeps the earlier size, a
/// size clears the percentage, and when zones are sized a non-zero percentage wins.
/// </summary>
internal sealed class CoreSizeParam(string option)
{
    public ulong Pages, Percent;

    public void Read(CommandLineWord word, ParseState s)
    {
        string v = word.Value!;
        ulong number = KernelNumber.SimpleStrtoull(v, 0, out int end);
        if (end < v.Length && v[end] == '%')
        {
            if (number > 100)
            {
                // WARN_ON(coremem > 100): the banner is the one line of the WARN that does not depend on the build.
                s.Early(KernelLogLevel.Warning, Bootemu.Core.Logging.KernelLog.CutHere);
                s.Note($"{word}: over 100%; the kernel WARNs in cmdline_parse_core (only the cut-here banner is reproduced, not the build-specific WARNING line and backtrace) and still uses {number}%");
            }
            else if (number == 0 && Pages != 0)
                s.Note($"{word}: a 0% percentage leaves the earlier {option}= size of {Pages} pages in force");
            else if (number == 0)
                s.Note($"{word}: 0% asks for nothing; the kernel ignores it");
            Percent = number;
            return;
        }
        ulong bytes = KernelNumber.Memparse(v);
        Pages = bytes >> Bootemu.Core.Pfn.PageShift;
        Percent = 0;
        if (Pages == 0)
            s.Note($"{word}: the kernel reads {(bytes == 0 ? "0" : $"{bytes} bytes, under one page,")} and ignores it");
    }

    public CoreSize Effective =>
        Percent != 0 ? new CoreSize(CoreSizeKind.Percent, Percent)
        : Pages != 0 ? new CoreSize(CoreSizeKind.Pages, Pages)
        : CoreSize.None;
}
