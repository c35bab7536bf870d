using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>`bootemu srat decode|encode|check`.</summary>
public static class SratCommand
{
    public static Command Create()
    {
        var command = new Command("srat", "decode, encode and check ACPI SRAT tables");
        return command;
    }
}
