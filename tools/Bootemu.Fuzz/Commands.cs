using System.CommandLine;
using System.Globalization;
using Bootemu.Core;
using Bootemu.Fuzz.Engine;
using Bootemu.Fuzz.Targets;
using SharpFuzz;

namespace Bootemu.Fuzz;

/// <summary>The verbs of bootemu-fuzz.</summary>
internal static class Commands
{
    public const int ExitClean = 0, ExitFindings = 1;

    private static readonly Argument<string> TargetName = new("TARGET") { Description = $"one of: {string.Join(", ", FuzzTargets.Names)}" };
    private static readonly Option<double?> Seconds = new("--seconds") { Description = "stop after this many seconds" };
    private static readonly Option<long?> Execs = new("--execs") { Description = "stop after this many runs of the target (seed runs included)" };
    private static readonly Option<int> Seed = new("--seed") { Description = "random seed of the mutator", DefaultValueFactory = _ => 1 };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "a run of the target that spends this many seconds of CPU (or 6 times as many on the wall clock) is a hang", DefaultValueFactory = _ => 5 };
    private static readonly Option<int?> MaxLength = new("--max-len") { Description = "longest input the mutator makes (default: the target's)" };
    private static readonly Option<string[]> Seeds = new("--seeds") { Description = "seed folder (repeatable; default tests/fuzz-seeds/TARGET)" };
    private static readonly Option<string?> Out = new("--out") { Description = "findings and corpus folder (default fuzz-out/TARGET; `all`: fuzz-out)" };
    private static readonly Option<bool> Restart = new("--restart") { Description = "after a hang or a worker's death, go on with a fresh worker until the budget is spent" };

    public static Command List()
    {
        var command = new Command("list", "list the targets");
        command.SetAction(_ =>
        {
            foreach (var name in FuzzTargets.Names) Console.Out.WriteLine($"{name,-10} {FuzzTargets.Create(name).What}");
            return ExitClean;
        });
        return command;
    }

    public static Command Run()
    {
        var command = new Command("run", "fuzz one target (exit 0: nothing found, 1: a crash or hang, see OUT/findings.md)");
        command.Arguments.Add(TargetName);
        AddBudgetOptions(command);
        command.Options.Add(Restart);
        command.SetAction(parse =>
        {
            var options = Options(parse, parse.GetValue(TargetName)!, parse.GetValue(Out));
            var totals = Supervisor.Run(options, parse.GetValue(Restart));
            Console.Out.WriteLine(Summary(totals));
            if (totals.Findings > 0 && File.Exists(options.FindingsFile))
                Console.Out.WriteLine($"findings: {options.FindingsFile}");
            return totals.Findings > 0 ? ExitFindings : ExitClean;
        });
        return command;
    }

    public static Command All()
    {
        var command = new Command("all", "fuzz every target in turn, restarting after hangs, and print a table of the figures (the long run)");
        AddBudgetOptions(command);
        command.SetAction(parse =>
        {
            string outRoot = parse.GetValue(Out) ?? Path.Combine(RepoFolders.Root ?? ".", "fuzz-out");
            var rows = new List<RunTotals>();
            foreach (var name in FuzzTargets.Names)
            {
                var totals = Supervisor.Run(Options(parse, name, Path.Combine(outRoot, name)), restart: true);
                Console.Out.WriteLine(Summary(totals));
                rows.Add(totals);
                File.WriteAllText(Path.Combine(outRoot, "summary.md"), Table(rows));
            }
            Console.Out.Write(Table(rows));
            return rows.Any(r => r.Findings > 0) ? ExitFindings : ExitClean;
        });
        return command;
    }

    public static Command Worker()
    {
        var command = new Command("worker", "the fuzzing loop itself, run by `run` and `all` in a child process") { Hidden = true };
        command.Arguments.Add(TargetName);
        AddBudgetOptions(command);
        command.SetAction(parse => new FuzzWorker(Options(parse, parse.GetValue(TargetName)!, parse.GetValue(Out))).Run());
        return command;
    }

    public static Command Repro()
    {
        var files = new Argument<string[]>("FILE") { Description = "inputs to run once each", Arity = ArgumentArity.OneOrMore };
        var command = new Command("repro", "run a target once on each file and say how it ended (exit 1 if one crashed)");
        command.Arguments.Add(TargetName);
        command.Arguments.Add(files);
        command.Options.Add(Timeout);
        command.SetAction(parse =>
        {
            var target = FuzzTargets.Create(parse.GetValue(TargetName)!);
            using var map = new CoverageMap();
            var timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout));
            // Warm up first (the JIT, a target's machine booted once), so the timeout measures the input alone.
            try { target.Run([]); }
            catch (InputException) { }
            int code = ExitClean;
            foreach (var file in parse.GetValue(files)!)
            {
                var input = File.ReadAllBytes(file);
                var watchdog = new Watchdog(timeout, () =>
                {
                    Console.Out.WriteLine($"{file}: hang (still running after {timeout.TotalSeconds:0.#} s)");
                    Console.Out.Flush();
                    Environment.Exit(FuzzWorker.ExitHang);
                });
                watchdog.Start();
                try
                {
                    target.Run(input);
                    Console.Out.WriteLine($"{file}: accepted");
                }
                catch (InputException e)
                {
                    Console.Out.WriteLine($"{file}: refused: {e.OneLine}");
                }
                catch (Exception e)
                {
                    Console.Out.WriteLine($"{file}: CRASH: {Finding.SignatureOf(e)}\n{Finding.Describe(e, 40)}");
                    code = ExitFindings;
                }
                watchdog.Stop();
            }
            return code;
        });
        return command;
    }

    public static Command Afl()
    {
        var command = new Command("afl", "serve AFL++ (afl-fuzz ... -- bootemu-fuzz afl TARGET) through SharpFuzz's fork server");
        command.Arguments.Add(TargetName);
        command.SetAction(parse =>
        {
            var target = FuzzTargets.Create(parse.GetValue(TargetName)!);
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                try { target.Run(buffer.ToArray()); }
                catch (InputException) { }
            });
            return ExitClean;
        });
        return command;
    }

    private static void AddBudgetOptions(Command command)
    {
        foreach (var option in new Option[] { Seconds, Execs, Seed, Timeout, MaxLength, Seeds, Out }) command.Options.Add(option);
    }

    private static FuzzOptions Options(ParseResult parse, string name, string? outDirectory)
    {
        var target = FuzzTargets.Create(name);
        var seeds = parse.GetValue(Seeds) is { Length: > 0 } given ? given : RepoFolders.Seeds(name) is { } s ? [s] : [];
        return new FuzzOptions
        {
            Target = target,
            SeedDirectories = seeds.Select(Path.GetFullPath).ToArray(),
            OutDirectory = Path.GetFullPath(outDirectory ?? Path.Combine(RepoFolders.Root ?? ".", "fuzz-out", name)),
            MaxExecs = parse.GetValue(Execs) ?? long.MaxValue,
            Duration = parse.GetValue(Seconds) is { } sec ? TimeSpan.FromSeconds(sec) : TimeSpan.MaxValue,
            RandomSeed = parse.GetValue(Seed),
            Timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
            MaxLength = parse.GetValue(MaxLength) ?? target.MaxLength,
        };
    }

    private static string Summary(RunTotals t) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{t.Target}: {t.Execs:N0} execs in {t.Seconds:0.0} s ({t.Execs / Math.Max(t.Seconds, 1e-3):N0}/s), corpus {t.Corpus:N0}, edges {t.Edges:N0}, " +
            $"new crash signatures {t.NewCrashSignatures.Count} ({t.CrashingRuns:N0} crashing runs), hangs {t.Hangs} ({t.HangSignatures.Count} distinct), " +
            $"worker deaths {t.Deaths}, workers {t.Workers}");

    private static string Table(IEnumerable<RunTotals> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("| target | seconds | execs | execs/s | corpus | edges | new crash signatures | crashing runs | hangs (distinct) | worker deaths |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var t in rows)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Target} | {t.Seconds:0} | {t.Execs:N0} | {t.Execs / Math.Max(t.Seconds, 1e-3):N0} | {t.Corpus:N0} | {t.Edges:N0} | {t.NewCrashSignatures.Count} | {t.CrashingRuns:N0} | {t.Hangs} ({t.HangSignatures.Count}) | {t.Deaths} |\n"));
        return sb.ToString();
    }
}
