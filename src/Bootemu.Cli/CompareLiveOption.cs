using System.CommandLine;
using Bootemu.Core;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;

namespace Bootemu.Cli;

/// <summary>
/// `--compare-live`, declared once for `boot` and `hotplug`: instead of the verb's output, the emulated machine (after
/// boot, or after the hotplug script) compared with what the --live machine shows, one line per fact. Exit 0 when every
/// fact agrees, 1 when one differs.
/// </summary>
internal sealed class CompareLiveOption
{
    private readonly Option<bool> _option;

    private CompareLiveOption(string description) => _option = new Option<bool>("--compare-live") { Description = description };

    public static CompareLiveOption AddTo(Command command)
    {
        var option = new CompareLiveOption(
            "compare the emulated machine (after boot; with hotplug, after the script) with what the --live machine shows " +
            "(/proc/zoneinfo, the memory blocks, the node masks), one line per fact: agree, or differ with both values; exit 1 when one differs");
        command.Options.Add(option._option);
        return option;
    }

    /// <summary>The live root to compare with, or null when --compare-live is not given; refused without --live.</summary>
    public string? Root(ParseResult parse, MachineInputs inputs)
    {
        if (!parse.GetValue(_option)) return null;
        return inputs.LiveRoot(parse) ?? throw new InputException("--compare-live", "needs --live: the machine to compare with");
    }

    /// <summary>Prints the comparison of <paramref name="emulated"/> with the machine under <paramref name="root"/> and returns the exit code.</summary>
    public static int Report(HotplugMachine emulated, string root, IEnumerable<string> notes)
    {
        var live = LiveObservation.Read(root, NodeMasksView.Of(emulated).Files().Select(f => f.File));
        var facts = LiveComparison.Compare(emulated, live);
        Console.Out.Write(LiveComparison.Render(facts, live, root));
        Console.Error.WriteLine($"bootemu: note: emulated kernel: Linux {emulated.Kernel.Version} ({emulated.Kernel.Build})");
        foreach (var note in notes) Console.Error.WriteLine($"bootemu: note: {note}");
        return facts.All(f => f.Agrees) ? CliRunner.ExitOk : CliRunner.ExitFindings;
    }
}
