using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Advice;
using Bootemu.Hotplug.Model;

namespace Bootemu.Cli;

/// <summary>
/// `bootemu advise [FIXTURE|inputs] --removable NODE[,NODE...]`: search the boot options (and the SRAT's hot-pluggable
/// flag) for the smallest change that lets the nodes be hot-removed, each candidate run through the emulation. Exit 0
/// when the nodes can go (as booted or with an answer from the command line), 1 when no boot option frees them, 2 on
/// bad input.
/// </summary>
internal static class AdviseCommand
{
    public static Command Create()
    {
        var command = new Command("advise", "search the boot options (movable_node, kernelcore=, movablecore=, mem=, memhp_default_state=, memory_hotplug.*) " +
            "and the SRAT hot-pluggable flag for the smallest change that lets nodes be hot-removed: each candidate is booted and " +
            "offline_node + remove_node run in the emulation");
        var inputs = MachineInputs.AddTo(command);
        var removable = new Option<string>("--removable")
        {
            Description = "the nodes to make removable: NODE[,NODE...]",
            Required = true,
            HelpName = "NODE[,NODE...]",
        };
        var format = new Option<string>("--format") { Description = "output form: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var limit = new Option<int>("--limit") { Description = "how many answers to list (0: all)", DefaultValueFactory = _ => 10 };
        foreach (var o in new Option[] { removable, format, limit })
            command.Options.Add(o);

        command.SetAction(parse =>
        {
            int shown = parse.GetValue(limit);
            if (shown < 0) throw new InputException("--limit", $"must be 0 (all) or more, not {shown}");
            var source = inputs.Source(parse);
            var (machine, kernel) = MachineBoot.Load(source);
            string commandLine = source.CommandLine ?? machine.CommandLine;
            var options = Bootemu.Machine.CommandLine.KernelCommandLine.Parse(commandLine, kernel.CommandLine);
            var baseline = MachineBoot.Boot(source, machine, options, kernel, new KernelLog());
            if (baseline.KernelPanics is { } panic)
            {
                Console.Error.WriteLine($"bootemu: the real kernel could not boot this machine, so no node can be hot-removed: {panic}");
                return CliRunner.ExitFindings;
            }
            var nodes = Nodes(parse.GetValue(removable)!, baseline);
            var advice = RemovalAdvisor.Advise(
                new AdviceRequest(machine, kernel, commandLine, nodes, new HotplugSettings { Hypervisor = inputs.Hypervisor(parse) }), baseline);
            Console.Out.Write(parse.GetValue(format) == "json" ? AdviceJson.Render(advice, shown) : AdviceText.Render(advice, shown));
            foreach (var note in baseline.Notes) Console.Error.WriteLine($"bootemu: note: {note}");
            return advice.NoChangeNeeded || advice.CommandLineHelps ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return command;
    }

    /// <summary>--removable's nodes: distinct ids of nodes online after the boot as given, in the order written.</summary>
    private static ImmutableArray<int> Nodes(string text, Bootemu.Boot.Model.BootResult baseline)
    {
        var online = baseline.Nodes.Where(n => n.Online).Select(n => n.Nid).ToList();
        var nodes = ImmutableArray.CreateBuilder<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int nid))
                throw new InputException("--removable", $"{InputText.Quote(part)} is not a node id; write NODE[,NODE...], e.g. 1 or 2,3");
            if (!online.Contains(nid))
                throw new InputException("--removable", $"node {nid} is not online after boot with this command line (online nodes: {string.Join(",", online)})");
            if (!nodes.Contains(nid)) nodes.Add(nid);
        }
        return nodes.ToImmutable();
    }
}
