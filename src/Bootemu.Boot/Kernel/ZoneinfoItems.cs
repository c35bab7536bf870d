using System.Collections.Immutable;

namespace Bootemu.Boot.Kernel;

/// <summary>
/// The vmstat counters /proc/zoneinfo prints, by name and in order, as the build's configuration makes them
/// (mm/vmstat.c vmstat_text): the node's counters before its first populated zone ("per-node stats"), then each
/// populated zone's own counters followed by its NUMA events.
/// </summary>
public sealed record ZoneinfoItems(ImmutableArray<string> NodeStats, ImmutableArray<string> ZoneStats, ImmutableArray<string> NumaEvents)
{
    // Static fields initialise in textual order: the names come before the builds that use them.
    private static readonly string[] ZoneStatNames =
    [
        "nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
        "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce", "nr_zspages", "nr_free_cma",
    ];

    private static readonly ImmutableArray<string> NumaEventNames = ["numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local", "numa_other"];

    /// <summary>Debian's 6.1 build, as its /proc/zoneinfo prints them (tests/conformance).</summary>
    public static ZoneinfoItems Linux61 { get; } = new(
        [.. NodeStatsUpTo("nr_sec_page_table_pages"), "nr_swapcached", "pgpromote_success", "pgpromote_candidate"],
        [.. ZoneStatNames],
        NumaEventNames);

    /// <summary>Debian's 6.12 build: nr_iommu_pages and the pgdemote counters join the node's, nr_unaccepted the zone's.</summary>
    public static ZoneinfoItems Linux612 { get; } = new(
        [.. NodeStatsUpTo("nr_sec_page_table_pages"), "nr_iommu_pages", "nr_swapcached", "pgpromote_success", "pgpromote_candidate",
            "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged"],
        [.. ZoneStatNames, "nr_unaccepted"],
        NumaEventNames);

    /// <summary>The node counters both builds print first, up to <paramref name="last"/>.</summary>
    private static IEnumerable<string> NodeStatsUpTo(string last)
    {
        string[] names =
        [
            "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
            "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file", "workingset_nodes", "workingset_refault_anon",
            "workingset_refault_file", "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
            "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
            "nr_writeback", "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
            "nr_file_pmdmapped", "nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
            "nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released",
            "nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
        ];
        return names.Take(Array.IndexOf(names, last) + 1);
    }
}
