using System.CommandLine;
using Bootemu.Fuzz;
using Bootemu.Fuzz.Engine;
using Bootemu.Fuzz.Targets;

// bootemu-fuzz: coverage-guided fuzzing of every bootemu parser (see docs/fuzzing.md). The product assemblies in this
// program's folder are instrumented by SharpFuzz at build time (SharpFuzzInstrument.targets).

var root = new RootCommand("coverage-guided fuzzing of bootemu's parsers (docs/fuzzing.md)");
root.Subcommands.Add(Commands.List());
root.Subcommands.Add(Commands.Run());
root.Subcommands.Add(Commands.All());
root.Subcommands.Add(Commands.Worker());
root.Subcommands.Add(Commands.Repro());
root.Subcommands.Add(Commands.Afl());
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"bootemu-fuzz: {error.Message}");
    return 2;
}
try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"bootemu-fuzz: {e.Message}");
    return 2;
}
