using System.CommandLine;
using Bootemu.Hotplug.Diff;
using Bootemu.Hotplug.Model;

namespace Bootemu.Cli;

/// <summary>
/// `bootemu diff [A-FIXTURE] [B-FIXTURE] [--a-cmdline ..] [--b-cmdline ..] [--a-kernel ..] [--b-kernel ..] ... [--format text|json]`:
/// boot two machines, or one machine two ways, and print what differs in what the kernel decided. Exit 0 when nothing
/// differs, 1 when something does (as diff(1)), 2 on bad input.
/// </summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var command = new Command("diff", "boot two machines (or one with two command lines or kernels) and show what the kernel decided differently: " +
            "nodes, zones, where ZONE_MOVABLE starts, hot-remove verdicts, early allocations, memory blocks, dmesg");
        var inputs = DiffInputs.AddTo(command);
        var format = new Option<string>("--format") { Description = "output form: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        command.Options.Add(format);

        command.SetAction(parse =>
        {
            var settings = new HotplugSettings { Hypervisor = inputs.Hypervisor(parse) };
            var a = BootSide.Of(inputs.BootA(parse), settings);
            var b = BootSide.Of(inputs.BootB(parse), settings);
            var diff = BootDiffer.Compare(a, b);
            Console.Out.Write(parse.GetValue(format) == "json" ? BootDiffJson.Render(diff) : BootDiffText.Render(diff));
            return diff.Same ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return command;
    }
}
