using System.Diagnostics;
using System.Globalization;

namespace Bootemu.Fuzz.Engine;

/// <summary>What a supervised run of one target came to, summed over its workers.</summary>
internal sealed record RunTotals(string Target, long Execs, double Seconds, int Corpus, int Edges, long CrashingRuns,
    IReadOnlyList<string> NewCrashSignatures, int Hangs, IReadOnlyList<string> HangSignatures, int Deaths, int Workers, double SlowestMs)
{
    public int Findings => NewCrashSignatures.Count + Hangs + Deaths;
}

/// <summary>
/// Runs the fuzzing loop in a child process (a worker) and outlives it: a hang ends the worker by design, and a
/// stack overflow or the out-of-memory killer ends it by force, in which case the supervisor saves the input the
/// worker left in its memory-mapped last-input file. With <c>restart</c> a fresh worker (the next random seed, the
/// corpus so far) goes on until the budget is spent; without, the first hang or death ends the run.
/// </summary>
internal static class Supervisor
{
    /// <summary>Set in a worker's environment: a hanging worker waits for the supervisor to take its stacks.</summary>
    public const string SupervisedVariable = "BOOTEMU_FUZZ_SUPERVISED";

    private const int StderrTail = 40;

    public static RunTotals Run(FuzzOptions o, bool restart)
    {
        Directory.CreateDirectory(o.OutDirectory);
        var clock = Stopwatch.StartNew();
        long execs = 0, crashingRuns = 0;
        int hangs = 0, deaths = 0, workers = 0, corpus = 0, edges = 0;
        double slowest = 0;
        var signatures = new List<string>();
        var hangSignatures = new HashSet<string>();
        while (true)
        {
            var remaining = o.Duration == TimeSpan.MaxValue ? TimeSpan.MaxValue : o.Duration - clock.Elapsed;
            if (execs >= o.MaxExecs || remaining <= TimeSpan.Zero) break;
            File.Delete(o.StatusFile);
            File.Delete(o.HangPendingFile);
            var worker = o with { MaxExecs = o.MaxExecs - execs, Duration = remaining, RandomSeed = o.RandomSeed + workers };
            var (exitCode, stderr, hangSignature) = RunWorker(worker);
            workers++;
            var status = RunStatus.Read(o.StatusFile);
            if (status is not null)
            {
                execs += status.Execs;
                crashingRuns += status.CrashingRuns;
                signatures.AddRange(status.NewCrashSignatures);
                corpus = status.Corpus;
                edges = status.Edges;
                slowest = Math.Max(slowest, status.SlowestMs);
            }
            if (exitCode is 0 or 1) break;
            if (exitCode == FuzzWorker.ExitHang)
            {
                hangs++;
                hangSignatures.Add(hangSignature ?? "hang (no stack)");
            }
            else
            {
                deaths++;
                RecordDeath(o, exitCode, stderr);
            }
            if (!restart) break;
        }
        return new RunTotals(o.Target.Name, execs, clock.Elapsed.TotalSeconds, corpus, edges, crashingRuns, signatures, hangs,
            hangSignatures.ToList(), deaths, workers, slowest);
    }

    private static (int ExitCode, List<string> Stderr, string? HangSignature) RunWorker(FuzzOptions o)
    {
        var start = new ProcessStartInfo { RedirectStandardError = true, UseShellExecute = false };
        string self = Path.Combine(AppContext.BaseDirectory, "bootemu-fuzz.dll");
        // Run as we were run: through the dotnet host, or through the apphost next to the dll.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.FileName = Environment.ProcessPath!;
            start.ArgumentList.Add(self);
        }
        else start.FileName = Environment.ProcessPath!;
        foreach (var a in WorkerArguments(o)) start.ArgumentList.Add(a);
        // An input that makes the emulator allocate without end fails with OutOfMemoryException (a crash) at 4 GiB,
        // long before the machine would swap.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x100000000";
        start.Environment[SupervisedVariable] = "1";

        using var process = Process.Start(start)!;
        var tail = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Console.Error.WriteLine(e.Data);
            lock (tail)
            {
                tail.Add(e.Data);
                if (tail.Count > StderrTail) tail.RemoveAt(0);
            }
        };
        process.BeginErrorReadLine();
        // The worker stops itself at its budget, or through its watchdog; the limit is for a worker stuck beyond both.
        var deadline = o.Duration == TimeSpan.MaxValue ? DateTime.MaxValue : DateTime.UtcNow + o.Duration + o.Timeout + TimeSpan.FromMinutes(2);
        string? hangSignature = null;
        while (!process.WaitForExit(200))
        {
            if (File.Exists(o.HangPendingFile))
            {
                hangSignature = RecordHang(o, process.Id, File.ReadAllText(o.HangPendingFile));
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (tail) return (FuzzWorker.ExitHang, tail.ToList(), hangSignature);
            }
            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                break;
            }
        }
        process.WaitForExit();
        lock (tail) return (process.ExitCode, tail.ToList(), hangSignature);
    }

    /// <summary>
    /// Where the hanging worker is: its stacks sampled with dotnet-stack (a tool of the repository's manifest), the
    /// fuzzing thread's frames written to findings.md under a signature naming the innermost frame of bootemu (or
    /// YamlDotNet), which tells one hang from another.
    /// </summary>
    private static string RecordHang(FuzzOptions o, int pid, string file)
    {
        var stacks = HangStacks.Sample(pid);
        string signature = HangStacks.Signature(stacks);
        var finding = new Finding("hang", signature, file,
            $"still running after {o.Timeout.TotalSeconds:0.#} s; the fuzzing thread's stack then:\n{stacks}");
        File.AppendAllText(o.FindingsFile, finding.Markdown(o.Target.Name));
        Console.Out.WriteLine($"[{o.Target.Name}] HANG: {signature}: {file}\n{stacks}");
        return signature;
    }

    private static IEnumerable<string> WorkerArguments(FuzzOptions o)
    {
        yield return "worker";
        yield return o.Target.Name;
        yield return "--out";
        yield return o.OutDirectory;
        foreach (var dir in o.SeedDirectories)
        {
            yield return "--seeds";
            yield return dir;
        }
        if (o.MaxExecs != long.MaxValue)
        {
            yield return "--execs";
            yield return o.MaxExecs.ToString(CultureInfo.InvariantCulture);
        }
        if (o.Duration != TimeSpan.MaxValue)
        {
            yield return "--seconds";
            yield return o.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        }
        yield return "--seed";
        yield return o.RandomSeed.ToString(CultureInfo.InvariantCulture);
        yield return "--timeout";
        yield return o.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        yield return "--max-len";
        yield return o.MaxLength.ToString(CultureInfo.InvariantCulture);
    }

    private static void RecordDeath(FuzzOptions o, int exitCode, List<string> stderr)
    {
        var input = LastInput.Read(o.LastInputFile) ?? Array.Empty<byte>();
        string file = Finding.Save(o.CrashDirectory, "death", input);
        string signature = $"worker died (exit code {exitCode})";
        var finding = new Finding("crash", signature, file, string.Join("\n", stderr));
        File.AppendAllText(o.FindingsFile, finding.Markdown(o.Target.Name));
        Console.Out.WriteLine($"[{o.Target.Name}] CRASH: {signature}: {file}");
    }
}
