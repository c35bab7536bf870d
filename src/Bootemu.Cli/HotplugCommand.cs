using System.CommandLine;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Derived;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Cli;

/// <summary>
/// `bootemu hotplug`: boot, then run a script of memory hotplug steps (alloc, offline, online, online_kernel,
/// online_movable, offline_node, hot_add, remove, eject, remove_node) and print each step's result and the block table;
/// what bootemu assumed about the machine goes to stderr as notes. Exit 0 when every step succeeded, 1 when one failed,
/// 2 on bad input.
/// </summary>
internal static class HotplugCommand
{
    public static Command Create()
    {
        var command = new Command("hotplug", "boot a machine as boot does, then run a script of online, offline, hot-add and hot-remove steps on it");
        var inputs = MachineInputs.AddTo(command);
        var script = new Option<string>("--script") { Description = "the hotplug script (YAML: steps: [...])", Required = true };
        var format = new Option<string>("--format") { Description = "output form: text, lsmem, sysfs, json, zoneinfo, svg (a picture of the memory map after the script) or html (the picture with hover details)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "lsmem", "sysfs", "json", "zoneinfo", "svg", "html");
        var keepGoing = new Option<bool>("--keep-going") { Description = "run the remaining steps after a failed one" };
        var rules = new Option<string>("--rules")
        {
            Description = "kernel (default: the rules of the emulated kernel, see --kernel) or 3.8: the first online_movable/online_kernel rules",
            DefaultValueFactory = _ => "kernel",
        };
        rules.AcceptOnlyFromAmong("kernel", "3.8");
        var experimental = new Option<string[]>("--experimental")
        {
            Description = $"opt in to a bootemu experiment that is NOT Linux behaviour ({string.Join(", ", Experiments.Known)}); the script may opt in instead",
        };
        experimental.AcceptOnlyFromAmong([.. Experiments.Known]);
        foreach (var o in new Option[] { script, format, keepGoing, rules, experimental })
            command.Options.Add(o);
        var compareLive = CompareLiveOption.AddTo(command);

        command.SetAction(parse =>
        {
            string? liveRoot = compareLive.Root(parse, inputs);
            var steps = HotplugScript.LoadFile(parse.GetValue(script)!, parse.GetValue(experimental) ?? []);
            var log = new KernelLog();
            var boot = inputs.Boot(parse, log);
            if (boot.KernelPanics is { } panic)
            {
                Console.Error.WriteLine($"bootemu: the real kernel could not boot this machine, so there is nothing to hot-plug: {panic}");
                return CliRunner.ExitFindings;
            }
            var settings = new HotplugSettings
            {
                Hypervisor = inputs.Hypervisor(parse),
                Rules = parse.GetValue(rules) == "3.8" ? HotplugRules.Linux38 : HotplugRules.Kernel,
            };
            var machine = BootMemoryBlocks.FromBoot(boot, settings, log);
            var run = HotplugScriptRunner.Run(machine, steps, parse.GetValue(keepGoing), log);
            if (DerivedZonesView.Used(run)) Console.Error.WriteLine(DerivedZonesView.Note);
            if (liveRoot is not null)
            {
                int compared = CompareLiveOption.Report(run.Final, liveRoot, boot.Notes);
                return run.AllSucceeded ? compared : CliRunner.ExitFindings;
            }
            string chosen = parse.GetValue(format)!;
            if (HotplugOutputs.StepsBeside(run, chosen) is { } stepResults) Console.Error.Write(stepResults);
            Console.Out.Write(Bootemu.Boot.Output.MemoryMap.MemoryMapFormats.Draws(chosen) ? HotplugOutputs.Picture(boot, run, chosen) : HotplugOutputs.Render(run, chosen));
            foreach (var note in boot.Notes) Console.Error.WriteLine($"bootemu: note: {note}");
            return run.AllSucceeded ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return command;
    }
}
