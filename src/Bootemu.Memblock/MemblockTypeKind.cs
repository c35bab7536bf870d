namespace Bootemu.Memblock;

/// <summary>Which of memblock's two region arrays an operation works on.</summary>
public enum MemblockTypeKind
{
    /// <summary>memblock.memory: the RAM the firmware reported.</summary>
    Memory,
    /// <summary>memblock.reserved: ranges already in use (kernel image, tables, early allocations).</summary>
    Reserved,
}
