using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>`bootemu hotplug`: boot, then online, offline, hot-add and hot-remove memory.</summary>
public static class HotplugCommand
{
    public static Command Create()
    {
        var command = new Command("hotplug", "boot, then online, offline, hot-add and hot-remove memory");
        return command;
    }
}
