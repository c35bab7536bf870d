using System.Diagnostics;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// Calls <see cref="Hung"/> once when a run goes on past the timeout. .NET cannot stop a thread, so the handler is
/// expected to save the input and end the process; the supervisor starts a fresh worker.
/// Why CPU time: on a loaded machine (a 2-core CI box running builds beside the tests) a run that needs 0.7 s of CPU
/// can take over 10 s of wall time, and wall time alone then reports a hang that is not one. A run is hung when the
/// process has spent the timeout in CPU since it started, or, for a run that waits instead of spinning, when the wall
/// clock passes <see cref="WallFactor"/> timeouts.
/// </summary>
internal sealed class Watchdog
{
    /// <summary>How many timeouts of wall time a run may take before it is hung whatever its CPU time.</summary>
    internal const int WallFactor = 6;

    private readonly long _timeoutTicks;
    private readonly TimeSpan _timeout;
    private long _startedAt;
    private long _cpuAtStartTicks;

    public Watchdog(TimeSpan timeout, Action hung)
    {
        _timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Hung = hung;
        new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" }.Start();
    }

    public Action Hung { get; }

    public void Start()
    {
        Volatile.Write(ref _cpuAtStartTicks, ProcessCpu().Ticks);
        Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
    }

    public void Stop() => Volatile.Write(ref _startedAt, 0);

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private void Watch()
    {
        while (true)
        {
            Thread.Sleep(50);
            long started = Volatile.Read(ref _startedAt);
            if (started == 0) continue;
            long wall = Stopwatch.GetTimestamp() - started;
            if (wall <= _timeoutTicks) continue;   // cheap test first: most runs end well within the timeout
            var cpu = ProcessCpu() - TimeSpan.FromTicks(Volatile.Read(ref _cpuAtStartTicks));
            if (Volatile.Read(ref _startedAt) != started) continue;   // that run ended meanwhile
            if (cpu > _timeout || wall > _timeoutTicks * WallFactor)
            {
                Hung();
                return;
            }
        }
    }
}
