using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Cli;

/// <summary>
/// The `bootemu hotplug` output formats. text and zoneinfo print the step results, then the block table in the chosen
/// form; lsmem and sysfs print only what those tools print, so that they diff against the real machine's, and the
/// step results go to standard error (<see cref="StepsOnStandardError"/>).
/// </summary>
internal static class HotplugOutputs
{
    public static string Render(ScriptRun run, string format, LsmemChoices lsmem) => format switch
    {
        "json" => HotplugJson.Render(run),
        "lsmem" => LsmemView.Render(run.Final, lsmem),
        "sysfs" => SysfsView.Render(run.Final) + "\n" + NodeMasksView.Of(run.Final).Render(),
        "zoneinfo" => HotplugText.Steps(run) + "\n" + ZoneinfoView.Render(run.Final) + DerivedZonesView.Zoneinfo(run),
        _ => HotplugText.Steps(run) + "\n" + HotplugText.Blocks(run.Final),
    };

    /// <summary>The formats that are another tool's output and carry nothing else: their step results go to standard error.</summary>
    public static bool StepsOnStandardError(string format) => format is "lsmem" or "sysfs";

    /// <summary>The memory map after the script: an SVG picture, or an HTML page around it.</summary>
    public static string Picture(BootResult boot, ScriptRun run, string format) => MemoryMapFormats.Render(HotplugMemoryMap.Picture(boot, run), format);
}
