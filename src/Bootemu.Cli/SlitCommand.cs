using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>`bootemu slit`: decode and encode ACPI SLIT tables.</summary>
public static class SlitCommand
{
    public static Command Create()
    {
        var command = new Command("slit", "decode and encode ACPI SLIT tables");
        return command;
    }
}
