namespace Bootemu.Memblock;

// Questions early boot code asks memblock (memblock_is_*, memblock_start/end_of_DRAM, sizes).
public sealed partial class Memblock
{
    /// <summary>memblock_is_memory: some memory region contains the address.</summary>
    public bool IsMemory(ulong addr) => Memory.Search(addr) >= 0;

    /// <summary>memblock_is_map_memory: memory, and not NOMAP.</summary>
    public bool IsMapMemory(ulong addr)
    {
        int i = Memory.Search(addr);
        return i >= 0 && (Memory[i].Flags & MemblockFlags.Nomap) == 0;
    }

    /// <summary>memblock_is_reserved: some reserved region contains the address.</summary>
    public bool IsReserved(ulong addr) => Reserved.Search(addr) >= 0;

    /// <summary>memblock_is_region_memory: the whole range lies inside one single memory region.</summary>
    public bool IsRegionMemory(ulong @base, ulong size)
    {
        int i = Memory.Search(@base);
        ulong end = @base + CapSize(@base, size);
        return i >= 0 && Memory[i].End >= end;
    }

    /// <summary>memblock_is_region_reserved: the range overlaps any reserved region.</summary>
    public bool IsRegionReserved(ulong @base, ulong size)
    {
        size = CapSize(@base, size);
        int i = Reserved.FirstEndingAbove(@base);
        return i < Reserved.Count && Reserved[i].Base < @base + size;
    }

    /// <summary>memblock_start_of_DRAM: the base of the first memory entry (0 when empty).</summary>
    public ulong StartOfDram => Memory[0].Base;

    /// <summary>memblock_end_of_DRAM: the end of the last memory entry.</summary>
    public ulong EndOfDram => Memory[Memory.Count - 1].End;

    /// <summary>memblock_phys_mem_size: memory's total_size (which the trim quirk can leave too large).</summary>
    public ulong PhysMemSize => Memory.TotalSize;

    /// <summary>memblock_reserved_size.</summary>
    public ulong ReservedSize => Reserved.TotalSize;
}
