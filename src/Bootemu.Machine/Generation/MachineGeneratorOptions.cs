namespace Bootemu.Machine.Generation;

/// <summary>Where a generated machine leaves gaps that neither the SRAT nor e820 describe.</summary>
public enum HolePattern
{
    /// <summary>Memory is contiguous above 4 GiB.</summary>
    None,
    /// <summary>1 GiB after each node (an empty slot between sockets).</summary>
    BetweenNodes,
    /// <summary>128 MiB after each memory entry (each entry its own e820 range: keep entries below ~3000).</summary>
    BetweenEntries,
}

/// <summary>
/// What <see cref="MachineGenerator"/> builds. Node 0 always also owns the legacy low memory, [0, 640K)
/// and [1M, 2G), as two extra SRAT entries; every node's <see cref="NodeSize"/> lies above 4 GiB,
/// split into <see cref="EntriesPerNode"/> equal SRAT memory entries (multiples of 128 MiB).
/// </summary>
public sealed record MachineGeneratorOptions
{
    /// <summary>Number of proximity domains, 1 to 1024 (MAX_NUMNODES).</summary>
    public int Nodes { get; init; } = 2;

    /// <summary>SRAT memory entries per node above 4 GiB. The kernel takes at most 2048 in all (NR_NODE_MEMBLKS); more is allowed for benchmarks.</summary>
    public int EntriesPerNode { get; init; } = 1;

    /// <summary>CPUs per node; APIC IDs are numbered from 0 across nodes, IDs from 255 up use x2APIC entries.</summary>
    public int CpusPerNode { get; init; } = 2;

    /// <summary>The share of nodes, counted from the last, whose memory is hot-pluggable (0 to 1; node 0 never is).</summary>
    public double HotplugShare { get; init; }

    /// <summary>Memory per node above 4 GiB; null to derive it from <see cref="Total"/> (or 16 GiB when both are null).</summary>
    public ulong? NodeSize { get; init; }

    /// <summary>Total memory above 4 GiB, shared equally by the nodes; used when <see cref="NodeSize"/> is null.</summary>
    public ulong? Total { get; init; }

    public HolePattern Holes { get; init; } = HolePattern.None;

    /// <summary>Also generate a SLIT (10 local, 21 remote).</summary>
    public bool Slit { get; init; } = true;

    /// <summary>The fixture's name; null for one made from the options.</summary>
    public string? Name { get; init; }

    /// <summary>The fixture's default command line; null for "movable_node" when some node is hot-pluggable, "" otherwise.</summary>
    public string? CommandLine { get; init; }
}
