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

        // The types covering the current stretch, each with how many entries of it do: a few at most, so a list.
        var active = new List<(uint Type, int Count)>();
        var result = new List<E820Entry>();
        uint lastType = 0;
        ulong lastAddr = 0;
        int i = 0;
        while (i < points.Count)
        {
            ulong addr = points[i].Addr;
            for (; i < points.Count && points[i].Addr == addr; i++)
                Count(active, points[i].Type, points[i].IsEnd ? -1 : 1);
            uint current = 0;
            foreach (var (type, _) in active) current = Math.Max(current, type);
            if (current == lastType && !NoMerge(current)) continue;
            if (lastType != 0 && addr > lastAddr)
                result.Add(new E820Entry(lastAddr, addr - lastAddr, (E820Type)lastType));
            lastAddr = addr;
            lastType = current;
        }
        return result.ToArray();
    }

    /// <summary>Adds <paramref name="delta"/> to the count of <paramref name="type"/>, dropping it at zero.</summary>
    private static void Count(List<(uint Type, int Count)> active, uint type, int delta)
    {
        int at = 0;
        while (at < active.Count && active[at].Type != type) at++;
        if (at == active.Count) { active.Add((type, delta)); return; }
        int count = active[at].Count + delta;
        if (count == 0) active.RemoveAt(at);
        else active[at] = (type, count);
    }

    /// <summary>e820_nomerge: types whose neighbouring entries stay separate.</summary>
    private static bool NoMerge(uint type) => type is (uint)E820Type.Pram or (uint)E820Type.SoftReserved;
}
