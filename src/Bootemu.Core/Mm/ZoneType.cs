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
