using System.Text;
using Bootemu.Boot.Model;
using Bootemu.Cli;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A hotplug script as <c>bootemu hotplug --script FILE --keep-going</c> takes it, on the embedded default machine:
/// parsed, run after boot under both rule sets (6.1 and 3.8), and printed in every format. The machine is booted
/// once; its memory blocks are built afresh for every input.
/// </summary>
public sealed class HotplugTarget : FuzzTarget
{
    private static readonly string[] Formats = ["text", "lsmem", "sysfs", "json", "zoneinfo"];

    private readonly Lazy<BootResult> _boot = new(() => MachineBoot.Boot(new MachineSource(null, null, null, null, null, null), new KernelLog()));

    public override string Name => "hotplug";
    public override string What => "hotplug script YAML through HotplugScript.Parse, HotplugScriptRunner.Run (rules 6.1 and 3.8) and every output";
    public override IReadOnlyList<string> Dictionary =>
    [
        "steps", "alloc", "offline", "online", "online_kernel", "online_movable", "offline_node", "hot_add", "remove",
        "remove_node", "block", "kind", "size", "node", "nid", "base", "start", "zone", "slab", "pinned", "movable", "unmovable",
        "memmap", "kernel", "hugetlb", "4K", "2M", "128M", "1G", "- ", ": ", "{", "}", "[", "]",
        "experimental", "derived-zones", "derive_zone", "delete_zone", "name", "range", "end", "DMA32", "Normal", "Movable",
    ];

    public override void Run(byte[] input)
    {
        var script = HotplugScript.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml");
        foreach (var rules in new[] { HotplugRules.Kernel, HotplugRules.Linux38 })
        {
            var log = new KernelLog();
            var machine = BootMemoryBlocks.FromBoot(_boot.Value, new HotplugSettings { Rules = rules }, log);
            var run = HotplugScriptRunner.Run(machine, script, keepGoing: true, log);
            foreach (var format in Formats) HotplugOutputs.Render(run, format, LsmemChoices.Default);
        }
    }
}
