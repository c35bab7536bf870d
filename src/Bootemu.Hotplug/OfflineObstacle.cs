using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug;

/// <summary>The checks memory_block_offline and offline_pages make before they migrate anything.</summary>
internal enum OfflineObstacleKind
{
    /// <summary>state_store: the block is offline already.</summary>
    AlreadyOffline,

    /// <summary>bootemu's derived-zones experiment (not Linux): pages of the block belong to a derived zone.</summary>
    DerivedZonePages,

    /// <summary>memory_block_offline: the block spans zones or nodes (valid_zones none).</summary>
    NoSingleZone,

    /// <summary>Linux 3.8's can_offline_normal (only under --rules 3.8).</summary>
    LastNormalMemory,

    /// <summary>offline_pages: the block is not all System RAM.</summary>
    Holes,

    /// <summary>has_unmovable_pages: PageReserved pages (what boot left reserved).</summary>
    PageReserved,

    /// <summary>has_unmovable_pages: unmovable kernel pages in a kernel zone.</summary>
    UnmovablePages,
}

/// <summary>
/// One reason offline must refuse a block whatever migration could do: the errno the write gets and the reason text.
/// <paramref name="FailedDueTo"/> is offline_pages' own words for its debug line ("failed due to ..."), null for the
/// refusals memory_block_offline makes before offline_pages runs.
/// </summary>
internal sealed record OfflineObstacle(OfflineObstacleKind Kind, Errno Errno, string Detail, string? FailedDueTo = null)
{
    /// <summary>What the writer of the state file is told: offline_pages' reason, then the detail.</summary>
    public string Reason => FailedDueTo is { } cause ? $"{cause}: {Detail}" : Detail;
}
