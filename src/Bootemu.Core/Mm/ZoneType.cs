namespace Bootemu.Core.Mm;

/// <summary>enum zone_type on x86_64 (Debian config): the index order is the kernel's.</summary>
public enum ZoneType
{
    DMA = 0,
    DMA32 = 1,
    Normal = 2,
    Movable = 3,
    Device = 4,
}

/// <summary>Facts about the zone types as a whole.</summary>
public static class ZoneTypes
{
    /// <summary>MAX_NR_ZONES: how many zone types a node has (DMA..Device).</summary>
    public const int Count = (int)ZoneType.Device + 1;
}
