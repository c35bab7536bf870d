using System.Globalization;
using System.Text;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Core.Printk;
using SlitTable = Bootemu.Acpi.Slit.Slit;
using SratTable = Bootemu.Acpi.Srat.Srat;

namespace Bootemu.Machine.Generation;

/// <summary>
/// A generated machine, and the same machine as fixture YAML that <see cref="MachineLoader"/> reads back:
/// <see cref="FixtureYaml"/> holds the SRAT and SLIT inline; <see cref="FixtureYamlWithTableFiles"/>
/// refers to them as binary files instead, which loads far faster for very large tables.
/// </summary>
public sealed record GeneratedMachine(MachineDescription Machine, string FixtureYaml, Func<string, string?, string> FixtureYamlWithTableFiles);

/// <summary>
/// Builds large, regular machines deterministically (the same options always give the same bytes):
/// a QEMU-like low memory layout with the PCI hole from 2 GiB, N nodes of equal size above 4 GiB,
/// CPUs spread evenly, the last nodes hot-pluggable, and an e820 map whose RAM is exactly the SRAT's
/// memory, so the kernel's coverage check passes.
/// </summary>
public static class MachineGenerator
{
    private const ulong Section = 128UL << 20;
    private const ulong FourG = 1UL << 32, TwoG = 1UL << 31;

    public static GeneratedMachine Generate(MachineGeneratorOptions o)
    {
        Validate(o);
        ulong nodeSize = NodeSize(o);
        int hotplugNodes = HotplugNodes(o);
        string name = o.Name ?? $"generated-{o.Nodes}n-{o.EntriesPerNode}e";
        string cmdline = o.CommandLine ?? (hotplugNodes > 0 ? "movable_node" : "");

        var memory = MemoryEntries(o, nodeSize, hotplugNodes);
        var srat = SratTable.Create(Header("SRAT", 3, "GENERATE"), 1, 0, Cpus(o).Concat<SratSubtable>(memory));
        byte[] sratBytes = srat.Encode();
        SlitTable? slit = o.Slit && o.Nodes > 1 ? Slit(o.Nodes) : null;
        byte[]? slitBytes = slit?.Encode();

        // The ACPI tables sit in an "ACPI data" range just below 2 GiB, as QEMU and many BIOSes put them.
        ulong tablesSize = AlignUp((ulong)sratBytes.Length + (ulong)(slitBytes?.Length ?? 0) + 0x1000, 0x10000);
        ulong tablesBase = TwoG - tablesSize;
        var acpiTables = new List<AcpiTableLocation> { new("SRAT", tablesBase, (ulong)sratBytes.Length) };
        if (slitBytes is not null) acpiTables.Add(new("SLIT", AlignUp(tablesBase + (ulong)sratBytes.Length, 16), (ulong)slitBytes.Length));

        var e820 = E820(memory, tablesBase);
        string description = $"Generated: {o.Nodes} nodes x {nodeSize >> 30} GiB above 4 GiB, {o.EntriesPerNode} SRAT memory entr{(o.EntriesPerNode == 1 ? "y" : "ies")} per node, " +
                             $"{o.CpusPerNode} CPU{(o.CpusPerNode == 1 ? "" : "s")} per node, {hotplugNodes} hot-pluggable node{(hotplugNodes == 1 ? "" : "s")}, holes: {o.Holes}";
        var machine = new MachineDescription
        {
            Name = name,
            Description = description,
            Srat = sratBytes,
            // Spelled out: a null byte[] would convert into an empty, non-null memory.
            Slit = slitBytes is null ? (ReadOnlyMemory<byte>?)null : slitBytes,
            BiosE820 = e820,
            CommandLine = cmdline,
            AcpiTables = acpiTables,
        };
        return new GeneratedMachine(
            machine,
            FixtureYaml(o, machine, Indent(SratYamlWriter.Write(srat)), slit is null ? null : Indent(SlitWriter.Yaml(slit)), binaryTables: false),
            (sratFile, slitFile) => FixtureYaml(o, machine, $"  file: {Quote(sratFile)}\n", slit is null || slitFile is null ? null : $"  file: {Quote(slitFile)}\n", binaryTables: true));
    }

    private static void Validate(MachineGeneratorOptions o)
    {
        if (o.Nodes is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(o.Nodes), o.Nodes, "nodes must be 1 to 1024 (MAX_NUMNODES)");
        if (o.EntriesPerNode is < 1 or > 65536) throw new ArgumentOutOfRangeException(nameof(o.EntriesPerNode), o.EntriesPerNode, "entries per node must be 1 to 65536");
        if (o.CpusPerNode is < 0 or > 4096) throw new ArgumentOutOfRangeException(nameof(o.CpusPerNode), o.CpusPerNode, "CPUs per node must be 0 to 4096");
        if ((long)o.Nodes * o.CpusPerNode > 32768) throw new ArgumentOutOfRangeException(nameof(o.CpusPerNode), "more than 32768 CPUs (MAX_LOCAL_APIC)");
        if (o.HotplugShare is < 0 or > 1 || double.IsNaN(o.HotplugShare)) throw new ArgumentOutOfRangeException(nameof(o.HotplugShare), o.HotplugShare, "the hot-pluggable share must be 0 to 1");
        if ((long)o.Nodes * o.EntriesPerNode * 40 + 48 > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(o.EntriesPerNode), "the SRAT would not fit its 32-bit length");
    }

    /// <summary>Per-node size: given, or the total shared out, rounded down to whole 128 MiB sections per entry.</summary>
    private static ulong NodeSize(MachineGeneratorOptions o)
    {
        ulong unit = Section * (ulong)o.EntriesPerNode;
        ulong size = o.NodeSize ?? (o.Total is { } total ? total / (ulong)o.Nodes : 16UL << 30);
        size -= size % unit;
        if (size == 0)
            throw new ArgumentOutOfRangeException(nameof(o.NodeSize), $"each node needs at least {o.EntriesPerNode} x 128 MiB for {o.EntriesPerNode} entries");
        ulong gaps = o.Holes switch
        {
            HolePattern.BetweenNodes => 1UL << 30,
            HolePattern.BetweenEntries => Section * (ulong)o.EntriesPerNode,
            _ => 0,
        };
        // The machine's top must stay below 2^64 (the kernel itself caps RAM at 64 TiB with 4-level paging).
        if ((size + gaps) > (ulong.MaxValue - FourG) / (ulong)o.Nodes)
            throw new ArgumentOutOfRangeException(nameof(o.NodeSize), "the machine would end past 2^64");
        return size;
    }

    private static int HotplugNodes(MachineGeneratorOptions o) =>
        Math.Min(o.Nodes - 1, (int)Math.Round(o.Nodes * o.HotplugShare, MidpointRounding.AwayFromZero));

    private static List<MemoryAffinity> MemoryEntries(MachineGeneratorOptions o, ulong nodeSize, int hotplugNodes)
    {
        var list = new List<MemoryAffinity>
        {
            Memory(0, 0, 0xa0000, false),
            Memory(0, 0x100000, TwoG - 0x100000, false),
        };
        ulong entrySize = nodeSize / (ulong)o.EntriesPerNode;
        ulong cursor = FourG;
        for (int node = 0; node < o.Nodes; node++)
        {
            bool hotplug = node >= o.Nodes - hotplugNodes;
            for (int e = 0; e < o.EntriesPerNode; e++)
            {
                list.Add(Memory((uint)node, cursor, entrySize, hotplug));
                cursor += entrySize;
                if (o.Holes == HolePattern.BetweenEntries) cursor += Section;
            }
            if (o.Holes == HolePattern.BetweenNodes) cursor += 1UL << 30;
        }
        return list;
    }

    private static MemoryAffinity Memory(uint pxm, ulong b, ulong length, bool hotplug) => new()
    {
        ProximityDomain = pxm,
        BaseAddress = b,
        Length = length,
        Flags = MemoryAffinityFlags.Enabled | (hotplug ? MemoryAffinityFlags.HotPluggable : 0),
    };

    private static IEnumerable<SratSubtable> Cpus(MachineGeneratorOptions o)
    {
        for (int node = 0; node < o.Nodes; node++)
            for (int i = 0; i < o.CpusPerNode; i++)
            {
                uint id = (uint)(node * o.CpusPerNode + i);
                // 0xff is the xAPIC broadcast ID, so IDs from 255 up need x2APIC entries.
                yield return id < 0xff
                    ? new ProcessorApicAffinity { ProximityDomain = (uint)node, ApicId = (byte)id, Flags = ProcessorAffinityFlags.Enabled }
                    : new ProcessorX2ApicAffinity { ProximityDomain = (uint)node, X2ApicId = id, Flags = ProcessorAffinityFlags.Enabled };
            }
    }

    private static SlitTable Slit(int nodes)
    {
        var rows = new List<IReadOnlyList<byte>>(nodes);
        for (int i = 0; i < nodes; i++)
        {
            var row = new byte[nodes];
            for (int j = 0; j < nodes; j++) row[j] = (byte)(i == j ? 10 : 21);
            rows.Add(row);
        }
        return SlitTable.Create(Header("SLIT", 1, "GENERATE"), rows);
    }

    private static AcpiTableHeader Header(string signature, byte revision, string tableId) =>
        new(signature, 0, revision, null, "BOOTEM", tableId, 1, "BEMU", 1);

    /// <summary>A QEMU q35-like low map, then the SRAT's memory above 4 GiB as RAM (touching entries merged).</summary>
    private static E820Table E820(List<MemoryAffinity> memory, ulong tablesBase)
    {
        var entries = new List<E820Entry>
        {
            new(0, 0x9fc00, E820Type.Ram),
            new(0x9fc00, 0x400, E820Type.Reserved),
            new(0xf0000, 0x10000, E820Type.Reserved),
            new(0x100000, tablesBase - 0x100000, E820Type.Ram),
            new(tablesBase, TwoG - tablesBase, E820Type.Acpi),
            new(0xb0000000, 0x10000000, E820Type.Reserved),
            new(0xfed1c000, 0x4000, E820Type.Reserved),
            new(0xfffc0000, 0x40000, E820Type.Reserved),
        };
        foreach (var m in memory.Where(m => m.BaseAddress >= FourG))
        {
            var last = entries[^1];
            if (last.Type == E820Type.Ram && last.End == m.BaseAddress) entries[^1] = last with { Size = last.Size + m.Length };
            else entries.Add(new E820Entry(m.BaseAddress, m.Length, E820Type.Ram));
        }
        return new E820Table(entries);
    }

    private static string FixtureYaml(MachineGeneratorOptions o, MachineDescription m, string sratBody, string? slitBody, bool binaryTables)
    {
        var sb = new StringBuilder();
        sb.Append("# Generated by tools/Bootemu.FixtureGen (Bootemu.Machine.Generation.MachineGenerator):\n");
        sb.Append(CultureInfo.InvariantCulture, $"#   --nodes {o.Nodes} --entries-per-node {o.EntriesPerNode} --cpus-per-node {o.CpusPerNode} --hotplug-share {o.HotplugShare.ToString(CultureInfo.InvariantCulture)}");
        if (o.NodeSize is { } ns) sb.Append($" --node-size {Printk.AltHex(ns)}");
        else if (o.Total is { } t) sb.Append($" --total {Printk.AltHex(t)}");
        if (o.Holes != HolePattern.None) sb.Append($" --holes {HoleOption(o.Holes)}");
        if (!o.Slit) sb.Append(" --no-slit");
        if (o.Name is not null) sb.Append($" --name {o.Name}");
        if (o.CommandLine is not null) sb.Append($" --cmdline '{o.CommandLine}'");
        if (binaryTables) sb.Append(" --binary-tables");
        sb.Append("\n# Node 0 also owns [0, 640K) and [1M, 2G); the PCI hole is [2G, 4G); every node's memory lies above 4 GiB.\n");
        sb.Append($"name: {Quote(m.Name)}\n");
        sb.Append($"description: {Quote(m.Description)}\n");
        sb.Append($"cmdline: {Quote(m.CommandLine)}\n");
        sb.Append("e820:\n");
        foreach (var e in m.BiosE820.Entries)
            sb.Append($"  - {{base: {Printk.AltHex(e.Addr)}, size: {Printk.AltHex(e.Size)}, type: {E820TypeNames.KernelName(e.Type)}}}\n");
        sb.Append("acpi_tables:\n");
        foreach (var t in m.AcpiTables)
            sb.Append($"  - {{signature: {t.Signature}, address: {Printk.AltHex(t.Address)}, length: {Printk.AltHex(t.Length)}}}\n");
        sb.Append("srat:\n").Append(sratBody);
        if (slitBody is not null) sb.Append("slit:\n").Append(slitBody);
        return sb.ToString();
    }

    /// <summary>The command-line spelling of a hole pattern.</summary>
    public static string HoleOption(HolePattern holes) => holes switch
    {
        HolePattern.BetweenNodes => "between-nodes",
        HolePattern.BetweenEntries => "between-entries",
        _ => "none",
    };

    /// <summary>A YAML double-quoted scalar (the generator's texts are printable ASCII).</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Indent(string yaml) =>
        string.Concat(yaml.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) / align * align;
}
