using System.Diagnostics;
using Bootemu.Core;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// The in-process fuzzing loop: run the seeds, then over and over take a corpus entry, mutate it, run the target
/// on it with SharpFuzz's edge map cleared, and keep the mutant when it reached new (edge, hit-count bucket) pairs.
/// An exception other than <see cref="InputException"/> is a crash: the input is minimized and saved once per
/// signature. A run past the timeout is a hang: the watchdog saves the input and ends the process (exit 3).
/// </summary>
internal sealed class FuzzWorker
{
    public const int ExitHang = 3;

    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    private readonly FuzzOptions _o;
    private readonly CoverageMap _map = new();
    private readonly LastInput _last;
    private readonly Watchdog _watchdog;
    private readonly List<byte[]> _corpus = new();
    private readonly HashSet<string> _knownSignatures;
    private readonly List<string> _newSignatures = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private byte[] _current = Array.Empty<byte>();
    // The seed file being run, while seeds run: a finding on it names the file.
    private string? _seedFile;
    private long _execs, _crashingRuns;
    private double _slowestMs;
    private long _targetTicks;

    public FuzzWorker(FuzzOptions options)
    {
        _o = options;
        Directory.CreateDirectory(_o.OutDirectory);
        _last = new LastInput(_o.LastInputFile);
        _knownSignatures = File.Exists(_o.SignaturesFile) ? File.ReadAllLines(_o.SignaturesFile).ToHashSet() : new HashSet<string>();
        _watchdog = new Watchdog(_o.Timeout, OnHang);
    }

    private string Name => _o.Target.Name;

    /// <summary>Fuzzes until the budget is spent; 0 when nothing new was found, 1 when a new crash was.</summary>
    public int Run()
    {
        var random = new Random(_o.RandomSeed);
        var mutator = new Mutator(random, _o.Target.Dictionary, _o.Target.HasAcpiTables, _o.MaxLength);
        RunSeeds();
        var lastStatus = _clock.Elapsed;
        while (_execs < _o.MaxExecs && _clock.Elapsed < _o.Duration)
        {
            var parent = Pick(random);
            var child = mutator.Mutate(parent, _corpus);
            var crash = Exec(child);
            if (crash is not null) OnCrash(child, crash);
            else if (_map.HasNewCoverage(keep: true)) Keep(child, save: true);
            if (_clock.Elapsed - lastStatus >= StatusEvery)
            {
                lastStatus = _clock.Elapsed;
                Report(finished: false);
            }
        }
        Report(finished: true);
        return _newSignatures.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// The seed folders, then the queue of earlier runs into the same folder; every file in name order. A seed that
    /// already hung or killed a worker of this run is left out: a fresh worker would only hang on it again.
    /// </summary>
    private void RunSeeds()
    {
        foreach (var dir in _o.SeedDirectories.Append(_o.QueueDirectory).Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var input = File.ReadAllBytes(file);
                if (File.Exists(Finding.PathFor(_o.HangDirectory, "hang", input)) || File.Exists(Finding.PathFor(_o.CrashDirectory, "death", input)))
                    continue;
                _seedFile = file;
                var crash = Exec(input);
                if (crash is not null) OnCrash(input, crash);
                else if (_map.HasNewCoverage(keep: true)) Keep(input, save: false);
                _seedFile = null;
            }
        if (_corpus.Count == 0) _corpus.Add(Array.Empty<byte>());
        Console.Out.WriteLine($"[{Name}] {_execs} seed inputs run, {_corpus.Count} kept, {_map.EdgesSeen} edges");
    }

    // Recent finds are mutated more (they are where the frontier is), and of two entries the shorter (it runs faster
    // and its edits are likelier to hit what matters), as AFL favours small inputs.
    private byte[] Pick(Random random)
    {
        int n = _corpus.Count;
        if (random.Next(3) == 0) return _corpus[n - 1 - random.Next(Math.Min(n, 1 + n / 8))];
        byte[] a = _corpus[random.Next(n)], b = _corpus[random.Next(n)];
        return a.Length <= b.Length ? a : b;
    }

    private void Keep(byte[] input, bool save)
    {
        _corpus.Add(input);
        if (save) Finding.Save(_o.QueueDirectory, "id", input);
    }

    /// <summary>Runs the target once; the exception when it crashed, null when it finished or refused the input.</summary>
    private Exception? Exec(byte[] input)
    {
        _current = input;
        _last.Write(input);
        _map.Reset();
        long started = Stopwatch.GetTimestamp();
        _watchdog.Start();
        try
        {
            _o.Target.Run(input);
            return null;
        }
        catch (InputException)
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            _watchdog.Stop();
            _execs++;
            long ticks = Stopwatch.GetTimestamp() - started;
            _targetTicks += ticks;
            double ms = ticks * 1000.0 / Stopwatch.Frequency;
            if (ms > _slowestMs) _slowestMs = ms;
        }
    }

    private void OnCrash(byte[] input, Exception e)
    {
        _crashingRuns++;
        string signature = Finding.SignatureOf(e);
        if (!_knownSignatures.Add(signature)) return;
        var (minimized, exception) = Minimize(input, signature, e);
        string file = Finding.Save(_o.CrashDirectory, "crash", minimized);
        Record(new Finding("crash", signature, SeedNote(file), Finding.Describe(exception)));
        _newSignatures.Add(signature);
        File.AppendAllText(_o.SignaturesFile, signature + "\n");
    }

    /// <summary>
    /// Cuts chunks (halves, quarters, ... single bytes) out of a crashing input while it still crashes the same way,
    /// within a budget of runs.
    /// </summary>
    private (byte[] Input, Exception Exception) Minimize(byte[] input, string signature, Exception exception)
    {
        const int Budget = 4000;
        var best = input;
        int tries = 0;
        for (int chunk = Math.Max(1, best.Length / 2); chunk >= 1 && tries < Budget; chunk /= 2)
            for (int at = 0; at + chunk <= best.Length && tries < Budget; tries++)
            {
                var candidate = new byte[best.Length - chunk];
                best.AsSpan(0, at).CopyTo(candidate);
                best.AsSpan(at + chunk).CopyTo(candidate.AsSpan(at));
                if (Exec(candidate) is { } e && Finding.SignatureOf(e) == signature)
                {
                    best = candidate;
                    exception = e;
                }
                else at += chunk;
            }
        return (best, exception);
    }

    /// <summary>
    /// Saves the input and tells the supervisor (hang-pending holds the input's path), which samples this process's
    /// stacks to see where it hangs and then ends it; without a supervisor, or if it does not come, exits by itself.
    /// </summary>
    private void OnHang()
    {
        string file = Finding.Save(_o.HangDirectory, "hang", _current);
        Report(finished: false, hangs: 1);
        Console.Out.WriteLine($"[{Name}] HANG: still running after {_o.Timeout.TotalSeconds:0.#} s of CPU (or {_o.Timeout.TotalSeconds * Watchdog.WallFactor:0.#} s of wall time): {file}");
        Console.Out.Flush();
        File.WriteAllText(_o.HangPendingFile, SeedNote(file));
        Thread.Sleep(Environment.GetEnvironmentVariable(Supervisor.SupervisedVariable) is null ? 0 : 60_000);
        Environment.Exit(ExitHang);
    }

    /// <summary>The saved input's path, and the seed file it came from when a seed did it.</summary>
    private string SeedNote(string file) => _seedFile is null ? file : $"{file}` from the seed `{_seedFile}";

    private void Record(Finding finding)
    {
        File.AppendAllText(_o.FindingsFile, finding.Markdown(Name));
        Console.Out.WriteLine($"[{Name}] {finding.Kind.ToUpperInvariant()}: {finding.Signature}: {finding.File}");
        Console.Out.WriteLine(finding.Description);
    }

    private void Report(bool finished, int hangs = 0)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        var status = new RunStatus
        {
            Target = Name,
            Execs = _execs,
            Seconds = seconds,
            Corpus = _corpus.Count,
            Edges = _map.EdgesSeen,
            CrashingRuns = _crashingRuns,
            NewCrashSignatures = _newSignatures,
            Hangs = hangs,
            SlowestMs = _slowestMs,
            Finished = finished,
        };
        status.Write(_o.StatusFile);
        Console.Out.WriteLine($"[{Name}] {seconds,7:0.0} s  execs {_execs:N0} ({_execs / Math.Max(seconds, 1e-3):N0}/s)  corpus {_corpus.Count:N0}  " +
                              $"edges {_map.EdgesSeen:N0}  crashing runs {_crashingRuns:N0}  new crashes {_newSignatures.Count}  slowest {_slowestMs:N0} ms  " +
                              $"in target {100.0 * _targetTicks / Stopwatch.Frequency / Math.Max(seconds, 1e-3):0}%");
    }
}
