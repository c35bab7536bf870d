using Bootemu.Boot.Model;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Cli;

/// <summary>The `bootemu hotplug` output formats: the step results, then the block table in the chosen form.</summary>
internal static class HotplugOutputs
{
    public static string Render(ScriptRun run, string format) => format switch
    {
        "json" => HotplugJson.Render(run),
        "lsmem" => HotplugText.Steps(run) + "\n" + LsmemView.Render(run.Final),
        "sysfs" => HotplugText.Steps(run) + "\n" + SysfsView.Render(run.Final) + "\n" + NodeMasksView.Of(run.Final).Render(),
        "zoneinfo" => HotplugText.Steps(run) + "\n" + ZoneinfoView.Render(run.Final) + DerivedZonesView.Zoneinfo(run),
        _ => HotplugText.Steps(run) + "\n" + HotplugText.Blocks(run.Final),
    };

    /// <summary>The memory map after the script: an SVG picture, or an HTML page around it.</summary>
    public static string Picture(BootResult boot, ScriptRun run, string format) => MemoryMapFormats.Render(HotplugMemoryMap.Picture(boot, run), format);
}
