using Microsoft.Extensions.Logging;

namespace Bootemu.Core.Logging;

/// <summary>The printk levels that boot-memory code uses, from most to least severe.</summary>
public enum KernelLogLevel
{
    Emerg = 0,
    Alert = 1,
    Crit = 2,
    Err = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

public static class KernelLogLevels
{
    /// <summary>Maps a printk level onto Microsoft.Extensions.Logging's scale.</summary>
    public static LogLevel ToLogLevel(this KernelLogLevel level) => level switch
    {
        KernelLogLevel.Emerg or KernelLogLevel.Alert or KernelLogLevel.Crit => LogLevel.Critical,
        KernelLogLevel.Err => LogLevel.Error,
        KernelLogLevel.Warning => LogLevel.Warning,
        KernelLogLevel.Notice or KernelLogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
