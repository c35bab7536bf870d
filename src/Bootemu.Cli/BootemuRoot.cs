using System.CommandLine;

namespace Bootemu.Cli;

/// <summary>The whole `bootemu` command tree. Each verb group lives in its own file.</summary>
internal static class BootemuRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand("bootemu: emulates the x86_64 boot-time memory path of Linux 6.12 and 6.1 (SRAT, e820, memblock, NUMA, zones, hotplug). " +
            $"Input files are read up to {Bootemu.Core.InputFile.MaxBytesText} each (YAML nested at most {Bootemu.Core.Yaml.YamlInput.MaxDepth} levels); bad input exits 2 with one line saying where.");
        root.Subcommands.Add(SratCommand.Create());
        root.Subcommands.Add(SlitCommand.Create());
        root.Subcommands.Add(MemblockCommand.Create());
        root.Subcommands.Add(BootCommand.Create());
        root.Subcommands.Add(HotplugCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(AdviseCommand.Create());
        root.Subcommands.Add(ManCommand.Create(root));
        return root;
    }
}
