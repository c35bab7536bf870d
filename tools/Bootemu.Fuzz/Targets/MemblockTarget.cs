using System.Text;
using Bootemu.Cli;
using Bootemu.Memblock.Scenarios;

namespace Bootemu.Fuzz.Targets;

/// <summary>A memblock scenario as <c>bootemu memblock run</c> takes it: read, run, and printed as text and as JSON.</summary>
public sealed class MemblockTarget : FuzzTarget
{
    public override string Name => "memblock";
    public override string What => "memblock scenario YAML through MemblockScenarioReader.Read, MemblockScenarioRunner.Run and both outputs";
    public override IReadOnlyList<string> Dictionary =>
    [
        "settings", "ops", "expect", "name", "source", "description", "base", "size", "nid", "flags", "add", "add_node", "remove",
        "reserve", "free", "alloc", "id", "align", "min_addr", "max_addr", "exact_nid", "mark_hotplug", "clear_hotplug",
        "mark_mirror", "mark_nomap", "clear_nomap", "set_node", "set_current_limit", "set_bottom_up", "allow_resize",
        "enforce_memory_limit", "trim_memory", "movable_node", "mirror", "memory", "reserved", "regions", "cnt", "max",
        "total_size", "allocs", "HOTPLUG", "MIRROR", "NOMAP", "DRIVER_MANAGED", "null", "true", "false", "- ", ": ", "[", "]", "{", "}",
    ];

    public override void Run(byte[] input)
    {
        var result = MemblockScenarioRunner.Run(MemblockScenarioReader.Read(Encoding.UTF8.GetString(input), "fuzz.yaml"));
        MemblockRunText.Write(result, TextWriter.Null);
        MemblockRunJson.Write(result, TextWriter.Null);
    }
}
