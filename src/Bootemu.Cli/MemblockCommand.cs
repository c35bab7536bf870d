using System.CommandLine;
using Bootemu.Boot.Kernel;
using Bootemu.Memblock.Scenarios;

namespace Bootemu.Cli;

/// <summary>`bootemu memblock run SCENARIO.yaml [--format text|json] [--kernel 6.12|6.1]`: run memblock scenarios.</summary>
internal static class MemblockCommand
{
    public static Command Create()
    {
        var command = new Command("memblock", "run memblock scenarios");
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateRun()
    {
        var scenario = new Argument<string>("scenario") { Description = "scenario YAML file (settings, ops, optional expect)" };
        var format = new Option<string>("--format") { Description = "output form: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var kernel = new Option<string>("--kernel")
        {
            Description = $"whose memblock runs the scenario: {KernelModel.Versions} (default {KernelModel.Default.Version}); they differ in memblock=debug call sites, the count of an empty array and a resize before it is allowed",
            DefaultValueFactory = _ => KernelModel.Default.Version,
        };
        kernel.AcceptOnlyFromAmong([.. KernelModel.All.Select(k => k.Version)]);
        var run = new Command("run", "execute a memblock scenario on an empty memblock; exit 0 if every expect holds, 1 if one does not, 2 on bad input");
        run.Arguments.Add(scenario);
        run.Options.Add(format);
        run.Options.Add(kernel);
        run.SetAction(parseResult =>
        {
            var parsed = MemblockScenarioReader.ReadFile(parseResult.GetValue(scenario)!);
            var result = MemblockScenarioRunner.Run(parsed, KernelModel.ForVersion(parseResult.GetValue(kernel)!)!.Memblock);
            if (parseResult.GetValue(format) == "json")
                MemblockRunJson.Write(result, Console.Out);
            else
                MemblockRunText.Write(result, Console.Out);
            foreach (var d in result.Differences.Take(1))
                Console.Error.WriteLine($"bootemu: {d.Location}: {d.What}: expected {d.Expected}, actual {d.Actual}");
            return result.ExpectationsHold ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return run;
    }
}
