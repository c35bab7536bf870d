using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>`bootemu memblock`: run memblock scenarios.</summary>
public static class MemblockCommand
{
    public static Command Create()
    {
        var command = new Command("memblock", "run memblock scenarios");
        return command;
    }
}
