using System.Collections.Immutable;
using Bootemu.Boot.Model;

namespace Bootemu.Hotplug.Diff;

/// <summary>
/// The early allocations of two boots that moved (another address or node), changed size, or were made by one boot
/// only. An allocation is known by what it is for and its name ("NODE_DATA(1)", "memmap node 1"); a name the kernel
/// uses more than once is matched in the order the kernel made them.
/// </summary>
public static class AllocationMoves
{
    public static ImmutableArray<AllocationChange> Between(IReadOnlyList<EarlyAllocation> a, IReadOnlyList<EarlyAllocation> b)
    {
        var inA = Numbered(a);
        var inB = Numbered(b);
        var changes = ImmutableArray.CreateBuilder<AllocationChange>();
        // A's allocations in A's order, then those only B made in B's order.
        foreach (var key in inA.Keys.Concat(inB.Keys.Where(k => !inA.ContainsKey(k))))
        {
            var x = inA.GetValueOrDefault(key);
            var y = inB.GetValueOrDefault(key);
            if (x is not null && y is not null && x.Base == y.Base && x.Size == y.Size && x.Nid == y.Nid) continue;
            changes.Add(new AllocationChange(key.Kind, key.What, key.Occurrence, x, y));
        }
        return changes.ToImmutable();
    }

    private readonly record struct Key(EarlyAllocationKind Kind, string What, int Occurrence);

    /// <summary>Each allocation under its key, in the kernel's order (an ordered dictionary keeps it).</summary>
    private static OrderedDictionary<Key, EarlyAllocation> Numbered(IReadOnlyList<EarlyAllocation> allocations)
    {
        var seen = new Dictionary<(EarlyAllocationKind, string), int>();
        var numbered = new OrderedDictionary<Key, EarlyAllocation>();
        foreach (var allocation in allocations)
        {
            var name = (allocation.Kind, allocation.What);
            int occurrence = seen[name] = seen.GetValueOrDefault(name) + 1;
            numbered.Add(new Key(allocation.Kind, allocation.What, occurrence), allocation);
        }
        return numbered;
    }
}
