using System.Collections.Immutable;
using System.CommandLine;
using Bootemu.Boot.Model;
using Bootemu.Boot.Output;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;

namespace Bootemu.Cli;

/// <summary>
/// `bootemu boot [FIXTURE] [--cmdline "..."] [--srat F] [--acpidump F] [--e820 F] [--slit F] [--bare-metal] [--format text|dmesg|json|zoneinfo]`:
/// boot a machine through the emulated Linux 6.1 memory path and show what the kernel decided.
/// </summary>
internal static class BootCommand
{
    internal static readonly ImmutableArray<string> Formats = ["text", "dmesg", "json", "zoneinfo"];

    public static Command Create()
    {
        var command = new Command("boot", "boot a machine through the emulated Linux 6.1 memory path and show its layout");
        var inputs = MachineInputs.AddTo(command);
        var format = new Option<string>("--format") { Description = "text (default), dmesg, json or zoneinfo", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong([.. Formats]);
        command.Options.Add(format);

        command.SetAction(parse =>
        {
            var boot = inputs.Boot(parse, new KernelLog());
            string chosen = parse.GetValue(format) ?? "text";
            Write(boot, chosen, inputs.Hypervisor(parse), Console.Out);
            if (chosen is "dmesg" or "zoneinfo" or "json")
            {
                if (chosen != "json")
                    foreach (var note in boot.Notes) Console.Error.WriteLine($"bootemu: note: {note}");
                if (boot.KernelPanics is { } panic) Console.Error.WriteLine($"bootemu: the real kernel could not boot this machine: {panic}");
            }
            return boot.KernelPanics is null ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return command;
    }

    /// <summary>
    /// Writes the chosen output of a finished boot to <paramref name="output"/>; <paramref name="hypervisor"/> picks the
    /// memory block size dmesg ends with.
    /// </summary>
    internal static void Write(BootResult boot, string format, bool hypervisor, TextWriter output)
    {
        if (format == "dmesg") WriteDmesg(boot, hypervisor, output);
        else output.Write(Render(boot, format));
    }

    /// <summary>The chosen output of a finished boot, other than dmesg (which is streamed).</summary>
    private static string Render(BootResult boot, string format) => format switch
    {
        "json" => BootJson.Render(boot),
        "zoneinfo" => ZoneinfoRenderer.Render(boot.Nodes),
        "text" => BootTextReport.Render(boot) + NotesSection(boot),
        _ => throw new InputException("--format", $"unknown format '{format}' (expected {string.Join(", ", Formats)})"),
    };

    /// <summary>
    /// Every kernel line of the emulated steps in the kernel's order, without timestamps, then the
    /// memory-block size line memory_dev_init prints later in boot. bootemu's own notes never mix
    /// into it: they go to standard error. A 1,024-node boot prints 4.5 MB, so the lines are written as they
    /// come (standard output is buffered, see Program.cs) rather than as one string built first.
    /// </summary>
    private static void WriteDmesg(BootResult boot, bool hypervisor, TextWriter output)
    {
        foreach (var line in boot.Log)
        {
            output.Write(line.Text);
            output.Write('\n');
        }
        output.Write(MemoryBlockSize.LogLine(MemoryBlockSize.Probe(boot.MaxPfn.Address, hypervisor)));
        output.Write('\n');
    }

    private static string NotesSection(BootResult boot)
    {
        if (boot.Notes.Count == 0) return "";
        var sb = new System.Text.StringBuilder("\nbootemu notes\n");
        foreach (var note in boot.Notes) sb.Append("  - ").Append(note).Append('\n');
        return sb.ToString();
    }
}
