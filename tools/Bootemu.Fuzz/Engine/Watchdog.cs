using System.Diagnostics;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// Calls <see cref="Hung"/> once when a run goes on past the timeout. .NET cannot stop a thread, so the handler is
/// expected to save the input and end the process; the supervisor starts a fresh worker.
/// </summary>
internal sealed class Watchdog
{
    private readonly long _timeoutTicks;
    private long _startedAt;

    public Watchdog(TimeSpan timeout, Action hung)
    {
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Hung = hung;
        new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" }.Start();
    }

    public Action Hung { get; }

    public void Start() => Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());

    public void Stop() => Volatile.Write(ref _startedAt, 0);

    private void Watch()
    {
        while (true)
        {
            Thread.Sleep(50);
            long started = Volatile.Read(ref _startedAt);
            if (started != 0 && Stopwatch.GetTimestamp() - started > _timeoutTicks)
            {
                Hung();
                return;
            }
        }
    }
}
