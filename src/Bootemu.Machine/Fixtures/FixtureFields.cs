using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Machine.Fixtures;

/// <summary>Readers for the fixture's own keys (e820, kernel, initrd, acpi_tables, not_populated_at_boot).</summary>
internal static class FixtureFields
{
    /// <summary><c>{base: B, size: S}</c> as [B, B+S); a range past 2^64 is an error.</summary>
    public static (ulong Start, ulong End) Range(YamlValue node)
    {
        var (b, s) = Strict(node);
        return (b, b + s);
    }

    public static List<(ulong Base, ulong Size)> Ranges(YamlValue node) => node.AsList().Select(Strict).ToList();

    /// <summary><c>memory_devices:</c> a list of <c>{base, size, node}</c>, node optional (then the SRAT range decides).</summary>
    public static List<MemoryDevice> MemoryDevices(YamlValue node) => node.AsList().Select(item =>
    {
        var map = item.AsMap();
        var (b, s) = BaseSize(map);
        int? nid = map.Optional("node") is { } n && !n.IsNull ? n.AsInt(0, Core.Mm.NumaNodes.MaxNumNodes - 1) : null;
        map.RejectUnknownKeys();
        return new MemoryDevice(b, s, nid);
    }).ToList();

    /// <summary>
    /// <c>kernel:</c> the kernel version to emulate (<c>kernel: "6.12"</c>), the image's place (<c>kernel: {base, size}</c>),
    /// or both (<c>kernel: {version: "6.1", base: 16M, size: 32M}</c>).
    /// </summary>
    public static (KernelChoice? Version, (ulong Start, ulong End)? Image) Kernel(YamlValue node)
    {
        if (node.IsScalar)
            return (new KernelChoice(node.AsString().Trim(), node.Location), null);
        var map = node.AsMap();
        KernelChoice? version = map.Optional("version") is { } v ? new KernelChoice(v.AsString().Trim(), v.Location) : null;
        (ulong, ulong)? image = null;
        if (map.Has("base") || map.Has("size") || version is null)
        {
            var (b, s) = BaseSize(map);
            image = (b, b + s);
        }
        map.RejectUnknownKeys();
        return (version, image);
    }

    private static (ulong Base, ulong Size) Strict(YamlValue node)
    {
        var map = node.AsMap();
        var range = BaseSize(map);
        map.RejectUnknownKeys();
        return range;
    }

    /// <summary>Reads base and size from <paramref name="map"/>, leaving other keys to the caller.</summary>
    private static (ulong Base, ulong Size) BaseSize(YamlMap map)
    {
        var baseNode = map.Required("base");
        ulong b = baseNode.AsU64();
        ulong s = map.Required("size").AsU64();
        if (s > ulong.MaxValue - b) // the end, exclusive, must still be an address
            throw baseNode.Error($"base 0x{b:x} + size 0x{s:x} goes past 2^64");
        return (b, s);
    }

    /// <summary><c>e820:</c> an inline list of <c>{base, size, type}</c>, or <c>{file: dmesg.txt}</c> with BIOS-e820 lines.</summary>
    public static E820Table E820(YamlValue node, string baseDirectory)
    {
        if (node.IsMap)
        {
            var map = node.AsMap();
            var file = map.Required("file");
            map.RejectUnknownKeys();
            string path = FileInput.Resolve(baseDirectory, file.AsString());
            return E820Table.ParseBiosLines(FileInput.ReadText(path, file.Location), path);
        }
        var entries = new List<E820Entry>();
        foreach (var item in node.AsList())
        {
            var map = item.AsMap();
            var typeNode = map.Required("type");
            var (b, s) = BaseSize(map);
            map.RejectUnknownKeys();
            if (!E820TypeNames.TryParse(typeNode.AsString(), out var type))
                throw typeNode.Error($"unknown e820 type '{typeNode.AsString()}' (expected {E820TypeNames.Accepted})");
            entries.Add(new E820Entry(b, s, type));
        }
        return new E820Table(entries);
    }

    /// <summary><c>acpi_tables:</c> a list of <c>{signature: SRAT, address: 0x..., length: 0x...}</c>.</summary>
    public static List<AcpiTableLocation> AcpiTables(YamlValue node)
    {
        var tables = new List<AcpiTableLocation>();
        foreach (var item in node.AsList())
        {
            var map = item.AsMap();
            var sigNode = map.Required("signature");
            string signature = sigNode.AsString();
            if (signature.Length != 4 || signature.Any(c => c is < ' ' or > '~'))
                throw sigNode.Error($"an ACPI signature is 4 printable characters, found '{signature}'");
            var addressNode = map.Required("address");
            ulong address = addressNode.AsU64();
            ulong length = map.Required("length").AsU64();
            map.RejectUnknownKeys();
            if (length > ulong.MaxValue - address)
                throw addressNode.Error($"address 0x{address:x} + length 0x{length:x} goes past 2^64");
            tables.Add(new AcpiTableLocation(signature, address, length));
        }
        return tables;
    }
}
