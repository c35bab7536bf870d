using Bootemu.Core;
using Bootemu.Core.Yaml;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Script;

/// <summary>
/// A hotplug script: <c>steps:</c>, a list of one-key maps (alloc, offline, online, online_kernel, online_movable,
/// offline_node, hot_add, remove, eject, remove_node). Read strictly: unknown verbs or keys fail with file:line:col.
/// </summary>
public sealed record HotplugScript(IReadOnlyList<HotplugStep> Steps)
{
    public static readonly System.Collections.Immutable.ImmutableArray<string> Verbs =
        ["alloc", "offline", "online", "online_kernel", "online_movable", "offline_node", "hot_add", "remove", "eject", "remove_node"];

    public static HotplugScript LoadFile(string path) => Read(YamlInput.LoadFile(path));

    public static HotplugScript Parse(string text, string sourceName) => Read(YamlInput.Load(text, sourceName));

    private static HotplugScript Read(YamlValue root)
    {
        var map = root.AsMap();
        var steps = map.Required("steps");
        map.RejectUnknownKeys();
        if (steps.IsNull) return new HotplugScript(Array.Empty<HotplugStep>());
        return new HotplugScript(steps.AsList().Select(ReadStep).ToList());
    }

    private static HotplugStep ReadStep(YamlValue item)
    {
        var map = item.AsMap();
        if (map.Count != 1)
            throw item.Error($"a step is a map with exactly one verb ({string.Join(", ", Verbs)}), found {map.Count} keys");
        var (verb, keyNode, value) = map.Entries.Single();
        string at = keyNode.Location;
        return verb switch
        {
            "alloc" => ReadAlloc(at, value),
            "offline_node" => new OfflineNodeStep(at, value.AsInt(0, 1023)),
            "remove_node" => new RemoveNodeStep(at, value.AsInt(0, 1023)),
            "hot_add" => ReadHotAdd(at, value),
            "remove" => ReadRange(value, (b, s) => new RemoveStep(at, b, s)),
            "eject" => ReadRange(value, (b, s) => new EjectStep(at, b, s)),
            _ when OnlineTypeWords.FromWord(verb) is { } type => new BlockStateStep(at, type, ReadBlock(value)),
            _ => throw keyNode.Error($"unknown verb '{verb}' (verbs: {string.Join(", ", Verbs)})"),
        };
    }

    /// <summary>offline: {block: 32}, or the short form offline: 32.</summary>
    private static long ReadBlock(YamlValue value)
    {
        if (value.IsScalar) return value.AsI64(0, long.MaxValue);
        var map = value.AsMap();
        long block = map.Required("block").AsI64(0, long.MaxValue);
        map.RejectUnknownKeys();
        return block;
    }

    private static AllocStep ReadAlloc(string at, YamlValue value)
    {
        var map = value.AsMap();
        var kindNode = map.Required("kind");
        string word = kindNode.AsString();
        var kind = AllocationKinds.FromName(word)
            ?? throw kindNode.Error($"unknown allocation kind '{word}' (kinds: {string.Join(", ", AllocationKinds.ScriptKinds.Select(k => k.Name()))})");
        ulong size = map.Required("size").AsU64();
        int node = map.Optional("node") is { } n ? n.AsInt(0, 1023) : 0;
        long? block = map.Optional("block") is { } b ? b.AsI64(0, long.MaxValue) : null;
        map.RejectUnknownKeys();
        return new AllocStep(at, kind, size, node, block);
    }

    private static HotAddStep ReadHotAdd(string at, YamlValue value)
    {
        var map = value.AsMap();
        ulong @base = map.Required("base").AsU64();
        ulong size = map.Required("size").AsU64();
        int? node = map.Optional("node") is { } n ? n.AsInt(0, 1023) : null;
        map.RejectUnknownKeys();
        return new HotAddStep(at, @base, size, node);
    }

    /// <summary>remove: and eject: {base, size}.</summary>
    private static HotplugStep ReadRange(YamlValue value, Func<ulong, ulong, HotplugStep> step)
    {
        var map = value.AsMap();
        ulong @base = map.Required("base").AsU64();
        ulong size = map.Required("size").AsU64();
        map.RejectUnknownKeys();
        return step(@base, size);
    }
}
