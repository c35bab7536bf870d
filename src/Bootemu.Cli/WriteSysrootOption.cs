using System.CommandLine;
using Bootemu.Core;
using Bootemu.Hotplug.Output;

namespace Bootemu.Cli;

/// <summary>
/// `hotplug --write-sysroot DIR`: the machine's memory-block and node files after the script (<see cref="SysfsTree"/>),
/// written under DIR/sys as a system root, the form `lsmem --sysroot DIR` reads. DIR must be new or empty, so that no
/// file of the user's is ever overwritten or mixed in.
/// </summary>
internal sealed class WriteSysrootOption
{
    private readonly Option<string> _option = new("--write-sysroot")
    {
        Description = "also write the machine's /sys/devices/system/memory and /sys/devices/system/node files after the script under " +
                      "DIR/sys, a new or empty directory, for tools that read a system root (lsmem --sysroot DIR)",
        HelpName = "DIR",
    };

    public static WriteSysrootOption AddTo(Command command)
    {
        var option = new WriteSysrootOption();
        command.Options.Add(option._option);
        return option;
    }

    /// <summary>The directory to write, checked new or empty before anything runs; null when the option is not given.</summary>
    public string? Directory(ParseResult parse)
    {
        string? dir = parse.GetValue(_option);
        if (dir is null) return null;
        if (File.Exists(dir)) throw new InputException(dir, "is a file; --write-sysroot needs a new or empty directory");
        if (System.IO.Directory.Exists(dir) && System.IO.Directory.EnumerateFileSystemEntries(dir).Any())
            throw new InputException(dir, "is not empty; --write-sysroot writes only into a new or empty directory");
        return dir;
    }

    /// <summary>Writes the entries under <paramref name="dir"/>/sys; a file that appeared meanwhile is an error, never overwritten.</summary>
    public static void Write(string dir, IEnumerable<SysfsEntry> entries)
    {
        string sys = Path.Combine(dir, "sys");
        foreach (var entry in entries)
        {
            string path = Path.Combine(sys, entry.Path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (entry.LinkTarget is { } target)
                File.CreateSymbolicLink(path, target);
            else
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(System.Text.Encoding.ASCII.GetBytes(entry.Text!));
            }
        }
    }
}
