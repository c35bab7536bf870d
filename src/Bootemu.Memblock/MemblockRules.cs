namespace Bootemu.Memblock;

/// <summary>
/// Where one build's mm/memblock.c differs from another's in what bootemu emulates: the call sites it prints, how an
/// empty region array is counted, and what a resize before memblock_allow_resize does. Each build bootemu models has
/// its own instance (the boot's kernel model holds it; `memblock run --kernel` picks one).
/// </summary>
public sealed record MemblockRules
{
    /// <summary>The kernel version these rules belong to, as users name it ("6.1", "6.12").</summary>
    public required string Version { get; init; }

    /// <summary>The <c>%pS</c> texts memblock=debug prints for memblock's own calls.</summary>
    public required MemblockCallers Callers { get; init; }

    /// <summary>
    /// 6.1 keeps a zero-size dummy entry in an empty array and counts it (<c>cnt = 1</c>, dumped as one zero-size
    /// region, walked by for_each_*_region); 6.12 counts it as 0 and dumps no region.
    /// </summary>
    public required bool EmptyTypeCountsPlaceholder { get; init; }

    /// <summary>
    /// memblock_double_array before memblock_allow_resize: 6.1 returns -1 (the add fails with -ENOMEM); 6.12 panics
    /// ("memblock: cannot resize %s array").
    /// </summary>
    public required bool ResizeBeforeAllowedPanics { get; init; }

    /// <summary>Debian 6.1.0-56-amd64 (6.1.192-2).</summary>
    public static MemblockRules Linux61 { get; } = new()
    {
        Version = "6.1",
        Callers = MemblockCallers.Linux61,
        EmptyTypeCountsPlaceholder = true,
        ResizeBeforeAllowedPanics = false,
    };

    /// <summary>Debian 6.12.118+deb12-amd64 (6.12.118-1~deb12u1).</summary>
    public static MemblockRules Linux612 { get; } = new()
    {
        Version = "6.12",
        Callers = MemblockCallers.Linux612,
        EmptyTypeCountsPlaceholder = false,
        ResizeBeforeAllowedPanics = true,
    };
}
