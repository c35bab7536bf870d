using Bootemu.Core.Yaml;
using Bootemu.Boot.Zones;
using Bootemu.Hotplug.Derived;

namespace Bootemu.Hotplug.Script;

/// <summary>Reading the steps and keys of bootemu's derived-zones experiment (not Linux), which a script must opt in to.</summary>
public sealed partial record HotplugScript
{
    /// <summary>The verbs of the derived-zones experiment (not Linux).</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<string> DerivedZoneVerbs = ["derive_zone", "delete_zone"];

    /// <summary>experimental: [name, ...] — every name one of <see cref="Experiments.Known"/>.</summary>
    private static List<string> ReadExperiments(YamlValue value)
    {
        var names = new List<string>();
        foreach (var item in value.AsList())
        {
            string name = item.AsString();
            if (!Experiments.Known.Contains(name))
                throw item.Error($"unknown experiment '{name}' (experiments: {string.Join(", ", Experiments.Known)})");
            names.Add(name);
        }
        return names;
    }

    /// <summary>derive_zone: {name, node, base, size, range: {start, end}} (range optional).</summary>
    private static DeriveZoneStep ReadDeriveZone(string at, YamlValue value)
    {
        var map = value.AsMap();
        string name = ReadZoneName(map.Required("name"));
        int node = map.Required("node").AsInt(0, 1023);
        var baseNode = map.Required("base");
        var @base = ReadBaseZone(baseNode);
        var sizeNode = map.Required("size");
        ulong size = sizeNode.AsU64();
        (ulong, ulong)? range = null;
        if (map.Optional("range") is { } r)
        {
            var rangeMap = r.AsMap();
            ulong start = rangeMap.Required("start").AsU64(), end = rangeMap.Required("end").AsU64();
            rangeMap.RejectUnknownKeys();
            if (end <= start) throw r.Error($"the range ends at 0x{end:x}, not above its start 0x{start:x}");
            range = (start, end);
        }
        map.RejectUnknownKeys();
        return new DeriveZoneStep(at, name, node, @base, size, sizeNode.Location, range);
    }

    /// <summary>A derived zone's name: a word of letters, digits, '_' and '-', never a real zone's name.</summary>
    private static string ReadZoneName(YamlValue value)
    {
        string name = value.AsString();
        if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw value.Error($"a derived zone's name is 1 to 32 letters, digits, '_' or '-', found '{name}'");
        if (Enum.GetValues<ZoneType>().Any(z => string.Equals(ZoneNames.Of(z), name, StringComparison.OrdinalIgnoreCase)))
            throw value.Error($"'{name}' is the name of a real zone; a derived zone needs a name of its own");
        return name;
    }

    /// <summary>The base zone of derive_zone: DMA, DMA32, Normal or Movable (ZONE_DEVICE memory has no page allocator).</summary>
    private static ZoneType ReadBaseZone(YamlValue value)
    {
        string word = value.AsString();
        var zones = Enum.GetValues<ZoneType>().Where(z => z != ZoneType.Device).ToList();
        foreach (var zone in zones)
            if (string.Equals(ZoneNames.Of(zone), word, StringComparison.OrdinalIgnoreCase)) return zone;
        throw value.Error($"unknown base zone '{word}' (zones: {string.Join(", ", zones.Select(ZoneNames.Of))})");
    }
}
