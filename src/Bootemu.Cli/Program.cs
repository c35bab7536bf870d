using System.CommandLine;
using Bootemu.Cli;

var root = new RootCommand("bootemu: emulates the Linux 6.1 x86_64 boot-time memory path (SRAT, e820, memblock, NUMA, zones, hotplug)");
root.Subcommands.Add(SratCommand.Create());
return CliRunner.Run(root, args);
