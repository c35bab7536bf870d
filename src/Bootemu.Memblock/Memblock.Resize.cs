using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Memblock;

// Growing a full region array (memblock_double_array).
public sealed partial class Memblock
{
    /// <summary>sizeof(struct memblock_region) with NUMA: base, size, flags, nid.</summary>
    public const ulong RegionBytes = 24;

    /// <summary>
    /// memblock_double_array: find room for an array twice the size (page-aligned) below
    /// current_limit, move the regions there and reserve it from memblock itself. For the reserved
    /// array the range being added must not be reused, so the search starts above it and then tries
    /// below it. Refused until <see cref="AllowResize"/>. Returns 0 or -1.
    /// </summary>
    private int DoubleArray(MemblockType type, ulong newAreaStart, ulong newAreaSize)
    {
        if (!_canResize)
        {
            if (Rules.ResizeBeforeAllowedPanics && Panic is null)
            {
                Panic = $"memblock: cannot resize {type.Name} array";
                Log.Print(Bootemu.Core.Logging.KernelLogLevel.Emerg, $"Kernel panic - not syncing: {Panic}");
            }
            return -1;
        }

        ulong oldSize = (ulong)type.Max * RegionBytes;
        ulong newSize = oldSize << 1;
        ulong oldAllocSize = RoundUp(oldSize, Pfn.PageSize);
        ulong newAllocSize = RoundUp(newSize, Pfn.PageSize);

        if (type.Kind != MemblockTypeKind.Reserved) newAreaStart = newAreaSize = 0;

        ulong addr = FindInRange(newAreaStart + newAreaSize, CurrentLimit, newAllocSize, Pfn.PageSize);
        if (addr == 0 && newAreaSize != 0)
            addr = FindInRange(0, Math.Min(newAreaStart, CurrentLimit), newAllocSize, Pfn.PageSize);

        if (addr == 0)
        {
            Log.Err($"memblock: Failed to double {type.Name} array from {type.Max} to {type.Max * 2} entries !");
            return -1;
        }

        if (Debug) Log.Info($"memblock: {type.Name} is doubled to {type.Max * 2} at [{Printk.Pa(addr)}-{Printk.Pa(addr + newSize - 1)}]");

        ulong oldArray = type.ArrayAddress;
        type.ArrayAddress = addr;
        type.Max *= 2;

        // The static array is never freed; an earlier doubled one goes back to memblock.
        if (oldArray != 0) PhysFree(oldArray, oldAllocSize, Callers.FreeOldArray);

        // The kernel BUG()s if this fails; the array was just found free, so it cannot in practice.
        Reserve(addr, newAllocSize, Callers.DoubleArray);
        return 0;
    }

    /// <summary>
    /// memblock_find_in_range: find a free range anywhere (NUMA_NO_NODE), preferring mirrored memory
    /// when the system has some and falling back, with a warning, when there is none.
    /// </summary>
    private ulong FindInRange(ulong start, ulong end, ulong size, ulong align)
    {
        var flags = ChooseFlags();
        while (true)
        {
            ulong found = FindInRangeNode(size, align, start, end, NumaNoNode, flags);
            if (found != 0 || (flags & MemblockFlags.Mirror) == 0) return found;
            _mirrorWarnFindInRange.Warn(Log, $"Could not allocate {Printk.Pa(size)} bytes of mirrored memory");
            flags &= ~MemblockFlags.Mirror;
        }
    }
}
