namespace Bootemu.Boot.Model;

/// <summary>
/// A zone's watermarks and lowmem_reserve as /proc/zoneinfo prints them: min, low, high, promo (6.12 prints it), and
/// the protection array (lowmem_reserve against each zone type, in zone order).
/// </summary>
public sealed record ZoneWatermarks(ulong Min, ulong Low, ulong High, ulong Promo, IReadOnlyList<ulong> Protection)
{
    /// <summary>A zone of a node that is not online: struct zone left zeroed.</summary>
    public static ZoneWatermarks None { get; } = new(0, 0, 0, 0, new ulong[Enum.GetValues<ZoneType>().Length]);
}
