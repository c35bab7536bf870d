
namespace Bootemu.Core.Mm;

/// <summary>zone_names[]: the names the kernel prints for each zone index.</summary>
public static class ZoneNames
{
    public static string Of(ZoneType zone) => zone switch
    {
        ZoneType.DMA => "DMA",
        ZoneType.DMA32 => "DMA32",
        ZoneType.Normal => "Normal",
        ZoneType.Movable => "Movable",
        ZoneType.Device => "Device",
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "not a zone index"),
    };
}
