namespace Bootemu.Memblock;

// Shrinking memory as a whole (memblock_trim_memory, memblock_enforce_memory_limit).
public sealed partial class Memblock
{
    /// <summary>
    /// memblock_trim_memory: round every memory region inward to <paramref name="align"/> and drop
    /// those left empty. Kernel quirk kept on purpose: total_size is lowered only for dropped regions,
    /// not for shrunk ones (a QEMU boot keeps the 0xc00 bytes trimmed off [0x1000, 0x9fc00)).
    /// </summary>
    public void TrimMemory(ulong align)
    {
        for (int i = 0; i < Memory.Count; i++)
        {
            var r = Memory[i];
            ulong start = RoundUp(r.Base, align);
            ulong end = RoundDown(r.End, align);
            if (start == r.Base && end == r.End) continue;
            if (start < end)
            {
                Memory.Reshape(i, start, end - start);
            }
            else
            {
                if (!Memory.RemoveRegion(i)) Log.Warn(CutHere);
                i--;
            }
        }
    }

    /// <summary>
    /// memblock_enforce_memory_limit: keep the first <paramref name="limit"/> bytes of memory (an
    /// amount, counted region by region) and remove memory and reservations above the address where
    /// that amount is reached. 0, or more than there is, changes nothing. (x86's mem= does not use it.)
    /// </summary>
    public void EnforceMemoryLimit(ulong limit)
    {
        if (limit == 0) return;
        ulong maxAddr = FindMaxAddr(limit);
        if (maxAddr == ulong.MaxValue) return;
        RemoveRange(Memory, maxAddr, ulong.MaxValue);
        RemoveRange(Reserved, maxAddr, ulong.MaxValue);
    }

    /// <summary>__find_max_addr: the address at which the memory regions, in order, add up to <paramref name="limit"/> bytes.</summary>
    private ulong FindMaxAddr(ulong limit)
    {
        for (int i = 0; i < Memory.Count; i++)
        {
            var r = Memory[i];
            if (limit <= r.Size) return r.Base + limit;
            limit -= r.Size;
        }
        return ulong.MaxValue;
    }
}
