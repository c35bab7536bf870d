using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Cli;

/// <summary>
/// The `bootemu hotplug` output formats. text prints the step results, then the block table; lsmem, sysfs and zoneinfo
/// print only what those tools and files print, so that they diff against (and parse like) the real machine's, and the
/// step results go to standard error (<see cref="StepsOnStandardError"/>).
/// </summary>
internal static class HotplugOutputs
{
    public static string Render(ScriptRun run, string format, LsmemChoices lsmem) => format switch
    {
        "json" => HotplugJson.Render(run),
        "lsmem" => LsmemView.Render(run.Final, lsmem),
        "sysfs" => SysfsView.Render(run.Final) + "\n" + NodeMasksView.Of(run.Final).Render(),
        "zoneinfo" => ZoneinfoView.Render(run.Final) + DerivedZonesView.Zoneinfo(run),
        _ => HotplugText.Steps(run) + "\n" + HotplugText.Blocks(run.Final),
    };

    /// <summary>The formats that are another tool's output or a kernel file and carry nothing else: their step results go to standard error.</summary>
    public static bool StepsOnStandardError(string format) => format is "lsmem" or "sysfs" or "zoneinfo";

    /// <summary>The memory map after the script: an SVG picture, or an HTML page around it.</summary>
    public static string Picture(BootResult boot, ScriptRun run, string format) => MemoryMapFormats.Render(HotplugMemoryMap.Picture(boot, run), format);
}
