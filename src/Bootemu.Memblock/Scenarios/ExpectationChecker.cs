using Bootemu.Core.Printk;

namespace Bootemu.Memblock.Scenarios;

/// <summary>One part of `expect` that does not hold: where it was written, what it names, expected and actual side by side.</summary>
public sealed record ExpectationDifference(string Location, string What, string Expected, string Actual);

/// <summary>Checks a scenario's `expect` against the memblock after the run; each part reports its first difference.</summary>
public static class ExpectationChecker
{
    public static IReadOnlyList<ExpectationDifference> Check(MemblockExpectation expect, Memblock mb, IReadOnlyList<(string Id, ulong? Address)> allocs)
    {
        var diffs = new List<ExpectationDifference>();
        if (expect.Memory is { } mem) CompareRegions(expect, mb.Memory, mem, diffs);
        if (expect.Reserved is { } rsv) CompareRegions(expect, mb.Reserved, rsv, diffs);
        Scalar(diffs, expect, "memory_cnt", expect.MemoryCnt, mb.Memory.Count, v => v.ToString());
        Scalar(diffs, expect, "reserved_cnt", expect.ReservedCnt, mb.Reserved.Count, v => v.ToString());
        Scalar(diffs, expect, "memory_max", expect.MemoryMax, mb.Memory.Max, v => v.ToString());
        Scalar(diffs, expect, "reserved_max", expect.ReservedMax, mb.Reserved.Max, v => v.ToString());
        Scalar(diffs, expect, "total_memory", expect.TotalMemory, mb.Memory.TotalSize, Printk.Pa);
        Scalar(diffs, expect, "total_reserved", expect.TotalReserved, mb.Reserved.TotalSize, Printk.Pa);
        foreach (var e in expect.Allocs ?? [])
        {
            ulong? actual = allocs.First(a => a.Id == e.Id).Address;
            if (actual != e.Address)
                diffs.Add(new ExpectationDifference(e.Location, $"allocs.{e.Id}", AddressText(e.Address), AddressText(actual)));
        }
        return diffs;
    }

    /// <summary>The address of an allocation, or "null" when it failed.</summary>
    public static string AddressText(ulong? address) => address is { } a ? Printk.Pa(a) : "null";

    private static void Scalar<T>(List<ExpectationDifference> diffs, MemblockExpectation expect, string what, T? expected, T actual, Func<T, string> show) where T : struct
    {
        if (expected is { } e && !EqualityComparer<T>.Default.Equals(e, actual))
            diffs.Add(new ExpectationDifference(expect.Locations.GetValueOrDefault(what, "expect"), what, show(e), show(actual)));
    }

    private static void CompareRegions(MemblockExpectation expect, MemblockType type, IReadOnlyList<ExpectedRegion> expected, List<ExpectationDifference> diffs)
    {
        var actual = type.Regions;
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            MemblockRegion? a = i < actual.Count ? actual[i] : null;
            if (e is not null && a is { } r && Matches(e, r)) continue;
            diffs.Add(new ExpectationDifference(e?.Location ?? expect.Locations.GetValueOrDefault(type.Name, "expect"), $"{type.Name}[{i}]",
                e is null ? "(no region)" : Describe(e), a is { } ar ? Describe(ar) : "(no region)"));
            return;
        }
    }

    private static bool Matches(ExpectedRegion e, MemblockRegion r) =>
        e.Base == r.Base && e.Size == r.Size && (e.Nid is null || e.Nid == r.Nid) && (e.Flags is null || e.Flags == r.Flags);

    private static string Describe(ExpectedRegion e) =>
        $"[{Printk.Pa(e.Base)}-{Printk.Pa(e.Base + e.Size - 1)}] size {Printk.Pa(e.Size)}"
        + (e.Nid is { } n ? $" nid {n}" : "") + (e.Flags is { } f ? $" flags {FlagNames(f)}" : "");

    private static string Describe(MemblockRegion r) =>
        $"[{Printk.Pa(r.Base)}-{Printk.Pa(r.Base + r.Size - 1)}] size {Printk.Pa(r.Size)} nid {r.Nid} flags {FlagNames(r.Flags)}";

    /// <summary>Flags in the scenario files' spelling: [hotplug, mirror, nomap, driver_managed].</summary>
    public static string FlagNames(MemblockFlags flags) => "[" + string.Join(", ", FlagList(flags)) + "]";

    public static IEnumerable<string> FlagList(MemblockFlags flags)
    {
        if ((flags & MemblockFlags.Hotplug) != 0) yield return "hotplug";
        if ((flags & MemblockFlags.Mirror) != 0) yield return "mirror";
        if ((flags & MemblockFlags.Nomap) != 0) yield return "nomap";
        if ((flags & MemblockFlags.DriverManaged) != 0) yield return "driver_managed";
    }
}
