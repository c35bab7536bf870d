namespace Bootemu.Memblock;

/// <summary>enum memblock_flags: per-region attributes of memblock.memory (reserved regions always carry None).</summary>
[Flags]
public enum MemblockFlags
{
    None = 0x0,
    /// <summary>Firmware (the SRAT) says the range is hot-(un)pluggable; allocations skip it under movable_node.</summary>
    Hotplug = 0x1,
    /// <summary>Mirrored ("more reliable") memory, honoured only with kernelcore=mirror.</summary>
    Mirror = 0x2,
    /// <summary>Not in the kernel's direct map; never allocated from.</summary>
    Nomap = 0x4,
    /// <summary>Added by a driver, never part of the firmware map.</summary>
    DriverManaged = 0x8,
}
