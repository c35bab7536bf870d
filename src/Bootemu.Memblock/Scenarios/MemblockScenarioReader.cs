using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Memblock.Scenarios;

/// <summary>
/// Reads a memblock scenario from YAML, strictly: unknown keys, unknown ops, missing fields and
/// nonsense values are <see cref="InputException"/>s naming the YAML line and column. Where the
/// kernel itself accepts an odd call (a zero size, a range running past 2^64) the scenario may
/// make it too, and the emulator does what the kernel does.
/// </summary>
public static class MemblockScenarioReader
{
    private static readonly string[] RangeKeys = ["base", "size"];

    public static MemblockScenario ReadFile(string path) => Read(YamlInput.LoadFile(path));

    public static MemblockScenario Read(string yaml, string sourceName) => Read(YamlInput.Load(yaml, sourceName));

    private static MemblockScenario Read(YamlValue root)
    {
        var top = root.AsMap();
        top.Optional("name");
        top.Optional("source");
        top.Optional("description");
        var settings = top.Optional("settings") is { } s ? ReadSettings(s) : new MemblockSettings();
        var opsNode = top.Required("ops");
        IReadOnlyList<MemblockOp> ops = opsNode.IsNull ? [] : opsNode.AsList().Select(ReadOp).ToList();
        var expect = top.Optional("expect") is { IsNull: false } e ? ReadExpect(e) : null;
        top.RejectUnknownKeys();
        CheckAllocIds(ops, expect);
        return new MemblockScenario(root.Source, settings, ops, expect);
    }

    /// <summary>Alloc ids are unique, and expect.allocs names only ids that some alloc op has.</summary>
    private static void CheckAllocIds(IReadOnlyList<MemblockOp> ops, MemblockExpectation? expect)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alloc in ops.OfType<AllocOp>())
            if (!ids.Add(alloc.Id)) throw new InputException(alloc.Location, $"alloc id '{alloc.Id}' is used twice");
        foreach (var expected in expect?.Allocs ?? [])
            if (!ids.Contains(expected.Id)) throw new InputException(expected.Location, $"expect.allocs names '{expected.Id}', but no alloc op has that id");
    }

    private static MemblockSettings ReadSettings(YamlValue node)
    {
        if (node.IsNull) return new MemblockSettings();
        var map = node.AsMap();
        var result = new MemblockSettings(
            BottomUp: map.Optional("bottom_up")?.AsBool() ?? false,
            CurrentLimit: map.Optional("current_limit") is { } limit ? Limit(limit) : Memblock.AllocAnywhere,
            MovableNode: map.Optional("movable_node")?.AsBool() ?? false,
            AllowResize: map.Optional("allow_resize")?.AsBool() ?? false,
            KernelcoreMirror: map.Optional("kernelcore_mirror")?.AsBool() ?? false,
            Debug: map.Optional("debug")?.AsBool() ?? false);
        map.RejectUnknownKeys();
        return result;
    }

    private static MemblockOp ReadOp(YamlValue node)
    {
        var map = node.AsMap();
        if (map.Count != 1)
            throw node.Error($"each op is a mapping with exactly one key (the op name), found {map.Count} keys");
        var (name, keyNode, args) = map.Entries.First();
        string at = keyNode.Location;
        switch (name)
        {
            case "add":
            {
                var a = args.AsMap();
                var (b, size) = Range(a);
                int? nid = a.Optional("nid") is { } n ? Nid(n, 0) : null;
                var flags = a.Optional("flags") is { } f ? Flags(f) : MemblockFlags.None;
                a.RejectUnknownKeys();
                return new AddOp(at, b, size, nid, flags);
            }
            case "reserve": return RangeOnly(args, at, (l, b, s) => new RangeOp(l, RangeOpKind.Reserve, b, s));
            case "remove": return RangeOnly(args, at, (l, b, s) => new RangeOp(l, RangeOpKind.Remove, b, s));
            case "free": return RangeOnly(args, at, (l, b, s) => new RangeOp(l, RangeOpKind.Free, b, s));
            case "mark_hotplug": return RangeOnly(args, at, (l, b, s) => new FlagOp(l, FlagOpKind.MarkHotplug, b, s));
            case "clear_hotplug": return RangeOnly(args, at, (l, b, s) => new FlagOp(l, FlagOpKind.ClearHotplug, b, s));
            case "mark_mirror": return RangeOnly(args, at, (l, b, s) => new FlagOp(l, FlagOpKind.MarkMirror, b, s));
            case "mark_nomap": return RangeOnly(args, at, (l, b, s) => new FlagOp(l, FlagOpKind.MarkNomap, b, s));
            case "clear_nomap": return RangeOnly(args, at, (l, b, s) => new FlagOp(l, FlagOpKind.ClearNomap, b, s));
            case "set_node":
            {
                var a = args.AsMap();
                var (b, size) = Range(a);
                int nid = Nid(a.Required("nid"), 0);
                var type = a.Optional("type") is { } t ? TypeKind(t) : MemblockTypeKind.Memory;
                a.RejectUnknownKeys();
                return new SetNodeOp(at, b, size, nid, type);
            }
            case "set_bottom_up": return new SetBottomUpOp(at, args.AsBool());
            case "set_current_limit": return new SetCurrentLimitOp(at, Limit(args));
            case "trim_memory":
            {
                var a = args.AsMap();
                ulong align = PowerOfTwo(a.Required("align"), allowZero: false);
                a.RejectUnknownKeys();
                return new TrimMemoryOp(at, align);
            }
            case "enforce_memory_limit":
            {
                var a = args.AsMap();
                ulong limit = a.Required("limit").AsU64();
                a.RejectUnknownKeys();
                return new EnforceMemoryLimitOp(at, limit);
            }
            case "alloc": return ReadAlloc(args, at);
            default:
                throw new InputException(at, $"unknown op '{name}' (known: add, reserve, remove, free, mark_hotplug, clear_hotplug, mark_mirror, mark_nomap, clear_nomap, set_node, set_bottom_up, set_current_limit, trim_memory, enforce_memory_limit, alloc)");
        }
    }

    private static AllocOp ReadAlloc(YamlValue args, string at)
    {
        var a = args.AsMap();
        var idNode = a.Required("id");
        string id = idNode.AsString();
        if (id.Length == 0) throw idNode.Error("an alloc id must not be empty");
        ulong size = a.Required("size").AsU64();
        // align 0 is the kernel's own case: a stack dump, then SMP_CACHE_BYTES.
        ulong align = a.Optional("align") is { } al ? PowerOfTwo(al, allowZero: true) : Memblock.SmpCacheBytes;
        ulong min = a.Optional("min_addr")?.AsU64() ?? 0;
        ulong max = a.Optional("max_addr") is { } mx ? Limit(mx) : Memblock.AllocAccessible;
        int nid = a.Optional("nid") is { } n ? Nid(n, Memblock.NumaNoNode) : Memblock.NumaNoNode;
        bool exact = a.Optional("exact_nid")?.AsBool() ?? false;
        bool raw = a.Optional("raw")?.AsBool() ?? false;
        a.RejectUnknownKeys();
        return new AllocOp(at, id, size, align, min, max, nid, exact, raw);
    }

    private static MemblockOp RangeOnly(YamlValue args, string at, Func<string, ulong, ulong, MemblockOp> make)
    {
        var a = args.AsMap();
        var (b, size) = Range(a);
        a.RejectUnknownKeys();
        return make(at, b, size);
    }

    private static (ulong Base, ulong Size) Range(YamlMap map) => (map.Required(RangeKeys[0]).AsU64(), map.Required(RangeKeys[1]).AsU64());

    /// <summary>
    /// A node id: 0..MAX_NUMNODES-1, or MAX_NUMNODES itself (the kernel's "no node", which memblock_add
    /// and NUMA init's reset use); allocations may also say -1 (NUMA_NO_NODE).
    /// </summary>
    private static int Nid(YamlValue node, int min) => node.AsInt(min, Memblock.MaxNumNodes);

    /// <summary>An address limit: a number, or -1 for MEMBLOCK_ALLOC_ANYWHERE (~0) as in the kernel.</summary>
    private static ulong Limit(YamlValue node) => node.AsString().Trim() == "-1" ? Memblock.AllocAnywhere : node.AsU64();

    private static ulong PowerOfTwo(YamlValue node, bool allowZero)
    {
        ulong v = node.AsU64();
        if (v == 0 && allowZero) return 0;
        if (v == 0 || (v & (v - 1)) != 0)
            throw node.Error($"alignment {node.AsString()} is not a power of two");
        return v;
    }

    private static MemblockTypeKind TypeKind(YamlValue node) => node.AsString() switch
    {
        "memory" => MemblockTypeKind.Memory,
        "reserved" => MemblockTypeKind.Reserved,
        var v => throw node.Error($"type must be memory or reserved, found '{v}'"),
    };

    internal static MemblockFlags Flags(YamlValue node)
    {
        var flags = MemblockFlags.None;
        foreach (var item in node.AsList())
        {
            flags |= item.AsString() switch
            {
                "hotplug" => MemblockFlags.Hotplug,
                "mirror" => MemblockFlags.Mirror,
                "nomap" => MemblockFlags.Nomap,
                "driver_managed" => MemblockFlags.DriverManaged,
                var v => throw item.Error($"unknown flag '{v}' (known: hotplug, mirror, nomap, driver_managed)"),
            };
        }
        return flags;
    }

    private static MemblockExpectation ReadExpect(YamlValue node)
    {
        var map = node.AsMap();
        var result = new MemblockExpectation(
            Memory: map.Optional("memory") is { } m ? Regions(m) : null,
            Reserved: map.Optional("reserved") is { } r ? Regions(r) : null,
            MemoryCnt: map.Optional("memory_cnt")?.AsInt(1),
            ReservedCnt: map.Optional("reserved_cnt")?.AsInt(1),
            MemoryMax: map.Optional("memory_max")?.AsInt(1),
            ReservedMax: map.Optional("reserved_max")?.AsInt(1),
            TotalMemory: map.Optional("total_memory")?.AsU64(),
            TotalReserved: map.Optional("total_reserved")?.AsU64(),
            Allocs: map.Optional("allocs") is { } a ? Allocs(a) : null,
            Locations: map.Entries.ToDictionary(e => e.Key, e => e.Value.Location, StringComparer.Ordinal));
        map.RejectUnknownKeys();
        return result;
    }

    private static IReadOnlyList<ExpectedRegion> Regions(YamlValue node)
    {
        if (node.IsNull) return [];
        var list = new List<ExpectedRegion>();
        foreach (var item in node.AsList())
        {
            var map = item.AsMap();
            var (b, size) = Range(map);
            int? nid = map.Optional("nid") is { } n ? n.AsInt(Memblock.NumaNoNode, Memblock.MaxNumNodes) : null;
            MemblockFlags? flags = map.Optional("flags") is { } f ? Flags(f) : null;
            map.RejectUnknownKeys();
            list.Add(new ExpectedRegion(item.Location, b, size, nid, flags));
        }
        return list;
    }

    private static IReadOnlyList<ExpectedAlloc> Allocs(YamlValue node)
    {
        if (node.IsNull) return [];
        var list = new List<ExpectedAlloc>();
        foreach (var (id, key, value) in node.AsMap().Entries)
            list.Add(new ExpectedAlloc(key.Location, id, value.IsNull ? null : value.AsU64()));
        return list;
    }
}
