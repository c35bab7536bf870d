namespace Bootemu.Machine.E820;

/// <summary>
/// The change-point sweep of e820__update_table. Every entry contributes a start and an end point;
/// between two neighbouring points the highest type of the entries covering that stretch wins.
/// Stretches of one type are merged, except PRAM and SOFT_RESERVED (e820_nomerge), which the kernel
/// restarts at every change point so that separately described persistent ranges stay separate.
/// </summary>
internal static class E820Sanitizer
{
    private readonly record struct Point(ulong Addr, bool IsEnd, uint Type);

    public static E820Entry[] Sweep(IReadOnlyList<E820Entry> entries)
    {
        var points = new List<Point>(entries.Count * 2);
        foreach (var e in entries)
        {
            if (e.Size == 0) continue;
            points.Add(new Point(e.Addr, false, (uint)e.Type));
            points.Add(new Point(e.Addr + e.Size, true, (uint)e.Type));
        }
        points.Sort((a, b) => a.Addr != b.Addr ? a.Addr.CompareTo(b.Addr) : a.IsEnd.CompareTo(b.IsEnd));

        var active = new SortedDictionary<uint, int>();
        var result = new List<E820Entry>();
        uint lastType = 0;
        ulong lastAddr = 0;
        int i = 0;
        while (i < points.Count)
        {
            ulong addr = points[i].Addr;
            for (; i < points.Count && points[i].Addr == addr; i++)
            {
                var p = points[i];
                if (!p.IsEnd) active[p.Type] = active.GetValueOrDefault(p.Type) + 1;
                else if (--active[p.Type] == 0) active.Remove(p.Type);
            }
            uint current = active.Count == 0 ? 0 : active.Keys.Last();
            if (current == lastType && !NoMerge(current)) continue;
            if (lastType != 0 && addr > lastAddr)
                result.Add(new E820Entry(lastAddr, addr - lastAddr, (E820Type)lastType));
            lastAddr = addr;
            lastType = current;
        }
        return result.ToArray();
    }

    /// <summary>e820_nomerge: types whose neighbouring entries stay separate.</summary>
    private static bool NoMerge(uint type) => type is (uint)E820Type.Pram or (uint)E820Type.SoftReserved;
}
