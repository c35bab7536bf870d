using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Cli;

/// <summary>
/// The `bootemu hotplug` output formats: the step results, then the block table in the chosen form; zoneinfo prints the
/// step results on standard error, so that its standard output is /proc/zoneinfo's layout alone.
/// </summary>
internal static class HotplugOutputs
{
    public static string Render(ScriptRun run, string format) => format switch
    {
        "json" => HotplugJson.Render(run),
        "lsmem" => HotplugText.Steps(run) + "\n" + LsmemView.Render(run.Final),
        "sysfs" => HotplugText.Steps(run) + "\n" + SysfsView.Render(run.Final) + "\n" + NodeMasksView.Of(run.Final).Render(),
        // Only the file's own layout on standard output, so what parses /proc/zoneinfo parses it; the step results go to
        // standard error (StepsBeside).
        "zoneinfo" => ZoneinfoView.Render(run.Final) + DerivedZonesView.Zoneinfo(run),
        _ => HotplugText.Steps(run) + "\n" + HotplugText.Blocks(run.Final),
    };

    /// <summary>The step results a format prints on standard error instead of before its output: zoneinfo's; null for the others.</summary>
    public static string? StepsBeside(ScriptRun run, string format) => format == "zoneinfo" ? HotplugText.Steps(run) : null;

    /// <summary>The memory map after the script: an SVG picture, or an HTML page around it.</summary>
    public static string Picture(BootResult boot, ScriptRun run, string format) => MemoryMapFormats.Render(HotplugMemoryMap.Picture(boot, run), format);
}
