using Bootemu.Core;
using Bootemu.Core.Yaml;
using Bootemu.Hotplug.Derived;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Script;

/// <summary>
/// A hotplug script: <c>steps:</c>, a list of one-key maps (alloc, offline, online, online_kernel, online_movable,
/// offline_node, hot_add, remove, eject, remove_node). Read strictly: unknown verbs or keys fail with file:line:col.
/// A script may opt in to bootemu's experiments (<c>experimental: [derived-zones]</c>, or the caller's
/// <c>experiments</c>), which adds their verbs and keys (derive_zone, delete_zone, alloc's zone); without the
/// opt-in they are refused as not Linux behaviour.
/// </summary>
public sealed partial record HotplugScript(IReadOnlyList<HotplugStep> Steps)
{
    public static readonly System.Collections.Immutable.ImmutableArray<string> Verbs =
        ["alloc", "offline", "online", "online_kernel", "online_movable", "offline_node", "hot_add", "remove", "eject", "remove_node"];

    /// <param name="experiments">experiments the caller opts in to (the command line's --experimental), besides the script's own.</param>
    public static HotplugScript LoadFile(string path, IReadOnlyCollection<string>? experiments = null) =>
        Read(YamlInput.LoadFile(path), experiments ?? []);

    public static HotplugScript Parse(string text, string sourceName, IReadOnlyCollection<string>? experiments = null) =>
        Read(YamlInput.Load(text, sourceName), experiments ?? []);

    private static HotplugScript Read(YamlValue root, IReadOnlyCollection<string> experiments)
    {
        var map = root.AsMap();
        var steps = map.Required("steps");
        // Asked for only when present, so that the unknown-key error of a script without it reads as it always did.
        bool derivedZones = experiments.Contains(Experiments.DerivedZones)
            || (map.Has("experimental") && ReadExperiments(map.Required("experimental")).Contains(Experiments.DerivedZones));
        map.RejectUnknownKeys();
        if (steps.IsNull) return new HotplugScript(Array.Empty<HotplugStep>());
        return new HotplugScript(steps.AsList().Select(s => ReadStep(s, derivedZones)).ToList());
    }

    private static HotplugStep ReadStep(YamlValue item, bool derivedZones)
    {
        var map = item.AsMap();
        var verbs = derivedZones ? Verbs.AddRange(DerivedZoneVerbs) : Verbs;
        if (map.Count != 1)
            throw item.Error($"a step is a map with exactly one verb ({string.Join(", ", verbs)}), found {map.Count} keys");
        var (verb, keyNode, value) = map.Entries.Single();
        string at = keyNode.Location;
        if (!derivedZones && DerivedZoneVerbs.Contains(verb))
            throw keyNode.Error(Experiments.DerivedZonesRefusal(verb));
        return verb switch
        {
            "alloc" => ReadAlloc(at, value, derivedZones),
            "derive_zone" => ReadDeriveZone(at, value),
            "delete_zone" => new DeleteZoneStep(at, ReadZoneName(value)),
            "offline_node" => new OfflineNodeStep(at, value.AsInt(0, 1023)),
            "remove_node" => new RemoveNodeStep(at, value.AsInt(0, 1023)),
            "hot_add" => ReadHotAdd(at, value),
            "remove" => ReadRange(value, (b, s) => new RemoveStep(at, b, s)),
            "eject" => ReadRange(value, (b, s) => new EjectStep(at, b, s)),
            _ when OnlineTypeWords.FromWord(verb) is { } type => new BlockStateStep(at, type, ReadBlock(value)),
            _ => throw keyNode.Error($"unknown verb '{verb}' (verbs: {string.Join(", ", verbs)})"),
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

    private static AllocStep ReadAlloc(string at, YamlValue value, bool derivedZones)
    {
        var map = value.AsMap();
        if (map.Has("zone") && !derivedZones)
            throw map.Required("zone").Error(Experiments.DerivedZonesRefusal("alloc's zone: (a derived zone)"));
        var kindNode = map.Required("kind");
        string word = kindNode.AsString();
        var kind = AllocationKinds.FromName(word)
            ?? throw kindNode.Error($"unknown allocation kind '{word}' (kinds: {string.Join(", ", AllocationKinds.ScriptKinds.Select(k => k.Name()))})");
        ulong size = map.Required("size").AsU64();
        int node = map.Optional("node") is { } n ? n.AsInt(0, 1023) : 0;
        long? block = map.Optional("block") is { } b ? b.AsI64(0, long.MaxValue) : null;
        string? zone = null;
        if (derivedZones && map.Optional("zone") is { } z)
        {
            if (map.Has("node") || map.Has("block"))
                throw z.Error("alloc's zone: names a derived zone, which fixes the node and blocks: drop node: and block:");
            zone = ReadZoneName(z);
        }
        map.RejectUnknownKeys();
        return new AllocStep(at, kind, size, node, block, zone);
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
