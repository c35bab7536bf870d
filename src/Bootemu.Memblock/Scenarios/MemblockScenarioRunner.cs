namespace Bootemu.Memblock.Scenarios;

/// <summary>The outcome of one op: the kernel function's int result, or for an alloc the address (0 = failed).</summary>
public sealed record OpOutcome(MemblockOp Op, long Result);

/// <summary>What a scenario run leaves: the memblock itself (regions, counts, log), each op's result, and the expectation check.</summary>
public sealed record MemblockScenarioResult(
    MemblockScenario Scenario,
    Memblock Memblock,
    IReadOnlyList<OpOutcome> Outcomes,
    IReadOnlyList<(string Id, ulong? Address)> Allocs,
    IReadOnlyList<ExpectationDifference> Differences)
{
    /// <summary>True when there is no expect section or every part of it holds.</summary>
    public bool ExpectationsHold => Differences.Count == 0;
}

/// <summary>Runs a scenario on a fresh, empty memblock, one kernel call per op.</summary>
public static class MemblockScenarioRunner
{
    /// <param name="rules">the build whose memblock runs the scenario; default: Linux 6.1's.</param>
    public static MemblockScenarioResult Run(MemblockScenario scenario, MemblockRules? rules = null)
    {
        var s = scenario.Settings;
        var mb = new Memblock(rules: rules)
        {
            BottomUp = s.BottomUp,
            CurrentLimit = s.CurrentLimit,
            MovableNode = s.MovableNode,
            MirroredKernelcore = s.KernelcoreMirror,
            Debug = s.Debug,
        };
        if (s.AllowResize) mb.AllowResize();

        var outcomes = new List<OpOutcome>(scenario.Ops.Count);
        var allocs = new List<(string, ulong?)>();
        foreach (var op in scenario.Ops)
        {
            long result = Apply(mb, op);
            outcomes.Add(new OpOutcome(op, result));
            if (op is AllocOp alloc) allocs.Add((alloc.Id, result == 0 ? null : (ulong)result));
        }
        var differences = scenario.Expect is null ? [] : ExpectationChecker.Check(scenario.Expect, mb, allocs);
        return new MemblockScenarioResult(scenario, mb, outcomes, allocs, differences);
    }

    private static long Apply(Memblock mb, MemblockOp op)
    {
        switch (op)
        {
            case AddOp a:
                return a.Nid is null && a.Flags == MemblockFlags.None
                    ? mb.Add(a.Base, a.Size)
                    : mb.AddNode(a.Base, a.Size, a.Nid ?? Memblock.MaxNumNodes, a.Flags);
            case RangeOp r:
                return r.Kind switch
                {
                    RangeOpKind.Reserve => mb.Reserve(r.Base, r.Size),
                    RangeOpKind.Remove => mb.Remove(r.Base, r.Size),
                    _ => mb.PhysFree(r.Base, r.Size),
                };
            case FlagOp f:
                return f.Kind switch
                {
                    FlagOpKind.MarkHotplug => mb.MarkHotplug(f.Base, f.Size),
                    FlagOpKind.ClearHotplug => mb.ClearHotplug(f.Base, f.Size),
                    FlagOpKind.MarkMirror => mb.MarkMirror(f.Base, f.Size),
                    FlagOpKind.MarkNomap => mb.MarkNomap(f.Base, f.Size),
                    _ => mb.ClearNomap(f.Base, f.Size),
                };
            case SetNodeOp n:
                return mb.SetNode(n.Base, n.Size, n.Type, n.Nid);
            case SetBottomUpOp b:
                mb.BottomUp = b.Enable;
                return 0;
            case SetCurrentLimitOp l:
                mb.CurrentLimit = l.Limit;
                return 0;
            case TrimMemoryOp t:
                mb.TrimMemory(t.Align);
                return 0;
            case EnforceMemoryLimitOp e:
                mb.EnforceMemoryLimit(e.Limit);
                return 0;
            case AllocOp a:
                ulong addr = a.ExactNid ? mb.AllocExactNidRaw(a.Size, a.Align, a.MinAddr, a.MaxAddr, a.Nid)
                    : a.Raw ? mb.AllocTryNidRaw(a.Size, a.Align, a.MinAddr, a.MaxAddr, a.Nid)
                    : mb.AllocTryNid(a.Size, a.Align, a.MinAddr, a.MaxAddr, a.Nid);
                return unchecked((long)addr);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.GetType().Name, "not a memblock op");
        }
    }
}
