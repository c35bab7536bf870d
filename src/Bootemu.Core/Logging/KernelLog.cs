using Microsoft.Extensions.Logging;

namespace Bootemu.Core.Logging;

/// <summary>One line of the emulated kernel's log, as dmesg would show it without the timestamp.</summary>
public sealed record KernelLogLine(KernelLogLevel Level, string Text);

/// <summary>
/// The log buffer of one emulated machine. Emulation steps print into it with the kernel's text and
/// level; it is also an <see cref="ILogger"/>, so the lines reach any Microsoft.Extensions.Logging
/// provider the host passes to the constructor. Each machine owns its own instance: nothing
/// is static, so two machines in one process never see each other's lines.
/// </summary>
public sealed class KernelLog : ILogger
{
    // A boot prints about a hundred lines: room for them from the start, so the list does not regrow on the way.
    private readonly List<KernelLogLine> _lines = new(128);
    private readonly ILogger? _forward;

    public KernelLog(ILogger? forward = null) => _forward = forward;

    public IReadOnlyList<KernelLogLine> Lines => _lines;

    /// <summary>printk at the given level.</summary>
    public void Print(KernelLogLevel level, string text)
    {
        _lines.Add(new KernelLogLine(level, text));
        _forward?.Log(level.ToLogLevel(), "{KernelLine}", text);
    }

    /// <summary>The banner every kernel WARN starts with; the rest of a WARN (registers, stack) is build-specific.</summary>
    public const string CutHere = "------------[ cut here ]------------";

    public void Info(string text) => Print(KernelLogLevel.Info, text);
    public void Warn(string text) => Print(KernelLogLevel.Warning, text);
    public void Err(string text) => Print(KernelLogLevel.Err, text);
    public void Debug(string text) => Print(KernelLogLevel.Debug, text);

    // ILogger: lets code written against Microsoft.Extensions.Logging print into the kernel log.
    IDisposable? ILogger.BeginScope<TState>(TState state) => null;
    bool ILogger.IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;
    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var level = logLevel switch
        {
            LogLevel.Critical => KernelLogLevel.Crit,
            LogLevel.Error => KernelLogLevel.Err,
            LogLevel.Warning => KernelLogLevel.Warning,
            LogLevel.Information => KernelLogLevel.Info,
            _ => KernelLogLevel.Debug,
        };
        Print(level, formatter(state, exception));
    }
}
