namespace Bootemu.Boot.Model;

/// <summary>
/// What init_per_zone_wmark_min last set for a zone, as /proc/zoneinfo prints it: the watermarks min, low, high and promo
/// (6.12 prints it), the protection array (lowmem_reserve against each zone type, in zone order), and the per-CPU
/// values it refreshes at the same time: the pageset batch and high, and the vm stats threshold.
/// </summary>
public sealed record ZoneWatermarks(ulong Min, ulong Low, ulong High, ulong Promo, IReadOnlyList<ulong> Protection)
{
    /// <summary>zone_batchsize: the pageset batch of every CPU (1 for a zone that manages nothing).</summary>
    public ulong PcpBatch { get; init; }

    /// <summary>
    /// zone_highsize with no percpu_pagelist_high_fraction: the low watermark shared by the CPUs of the zone's node (all
    /// online CPUs for a node without CPUs), at least 4 batches. 6.1 prints it as the pageset's high; 6.12 tunes each
    /// CPU's high between this minimum and a maximum as it allocates, and an idle CPU decays back to it.
    /// </summary>
    public ulong PcpHigh { get; init; }

    /// <summary>calculate_normal_threshold: the per-CPU vm stats threshold, from the online CPUs and the zone's managed 128 MiB units.</summary>
    public ulong StatThreshold { get; init; }

    /// <summary>A zone of a node that is not online: struct zone left zeroed.</summary>
    public static ZoneWatermarks None { get; } = new(0, 0, 0, 0, new ulong[ZoneTypes.Count]);
}
