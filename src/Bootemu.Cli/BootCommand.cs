using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>`bootemu boot`: boot a machine and show its memory layout.</summary>
public static class BootCommand
{
    public static Command Create()
    {
        var command = new Command("boot", "boot a machine and show its memory layout");
        return command;
    }
}
