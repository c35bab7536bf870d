using Bootemu.Core.Logging;

namespace Bootemu.Memblock;

/// <summary>
/// A pr_warn_ratelimited call site (DEFINE_RATELIMIT_STATE with the default interval of 5 s and
/// burst of 10). An emulated boot takes no time, so every call falls into the first interval: the
/// first ten lines print, the rest are suppressed.
/// </summary>
internal sealed class RatelimitState
{
    public const int Burst = 10;
    private int _printed;

    public void Warn(KernelLog log, string text)
    {
        if (_printed >= Burst) return;
        _printed++;
        log.Warn(text);
    }
}
