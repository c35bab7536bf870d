using Bootemu.Core.Logging;
using Bootemu.Machine;

namespace Bootemu.Boot.Numa;

/// <summary>
/// x86_numa_init (arch/x86/mm/numa.c), reached from initmem_init in setup_arch: try the SRAT, then AMD northbridge
/// probing, then fake one node; each attempt runs inside numa_init's frame (reset, init, top-down again,
/// cleanup, register). The machine's memblock is updated in place exactly as the kernel updates it: node ids,
/// hotplug marks, NODE_DATA allocations, and the direction set back to top-down.
/// </summary>
internal static class X86NumaInit
{
    public static NumaResult Run(NumaInput input, Memblock.Memblock memblock, KernelLog log)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(memblock);
        ArgumentNullException.ThrowIfNull(log);

        var state = new NumaState(input);
        var reason = NumaFallbackReason.NumaOff;
        if (input.Numa != NumaMode.Off)
        {
            var acpi = new AcpiNumaParser(state, memblock, log);
            var outcome = NumaInitAttempt(state, memblock, log, acpi.X86AcpiNumaInit);
            if (outcome == AttemptOutcome.Success)
                return Freeze(state, NumaMethod.Acpi, NumaFallbackReason.None);
            reason = FallbackReason(state, input, outcome);

            // amd_numa_init finds no AMD northbridge on these machines and fails before touching anything, but
            // the frame around it still resets the state.
            NumaInitAttempt(state, memblock, log, static () => NumaConstants.ENoDev);
        }

        if (NumaInitAttempt(state, memblock, log, () => DummyNumaInit(state, log)) != AttemptOutcome.Success)
            state.Panic ??= FakeNodeFailed;
        return Freeze(state, NumaMethod.Dummy, reason);
    }

    private enum AttemptOutcome { InitFailed, OverlapFailed, RegisterFailed, Success }

    /// <summary>
    /// x86_numa_init ignores a failure of the last attempt, so nothing is printed, but no node is online and no memory
    /// reaches the page allocator; 6.12's coverage check, which counts memory past max_pfn, can fail even the fake node.
    /// </summary>
    private const string FakeNodeFailed = "even the fake node of dummy_numa_init failed numa_init's checks, so no node is online and no memory reaches the page allocator";

    /// <summary>numa_init(init_func) in arch/x86/mm/numa.c: the frame around every attempt.</summary>
    private static AttemptOutcome NumaInitAttempt(NumaState state, Memblock.Memblock memblock, KernelLog log, Func<int> initFunc)
    {
        state.ResetForAttempt(memblock);
        if (initFunc() < 0)
            return AttemptOutcome.InitFailed;

        // The SRAT has been parsed: memblock allocations go top-down again, movable_node or not.
        memblock.BottomUp = false;

        if (MeminfoCleanup.Run(state.Meminfo, state.ReservedMeminfo, state.Input, memblock, log) < 0)
            return AttemptOutcome.OverlapFailed;

        NumaEmulation.Run(state, memblock, log);
        if (state.Panic is not null)
            return AttemptOutcome.Success;

        if (new NodeRegistration(state, memblock, log).Run() < 0)
            return AttemptOutcome.RegisterFailed;
        return AttemptOutcome.Success;
    }

    /// <summary>dummy_numa_init: node 0 over [0, max_pfn).</summary>
    private static int DummyNumaInit(NumaState state, KernelLog log)
    {
        log.Info(state.Input.Numa == NumaMode.Off ? "NUMA turned off" : "No NUMA configuration found");
        ulong end = state.Input.MaxPfn.Address;
        log.Info($"Faking a node at {Core.Printk.Printk.Mem18(0, end - 1)}");
        state.NodesParsed.Add(0);
        state.Meminfo.Add(0, 0, end, log);
        return 0;
    }

    private static NumaFallbackReason FallbackReason(NumaState state, NumaInput input, AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.OverlapFailed => NumaFallbackReason.NodesOverlap,
        AttemptOutcome.RegisterFailed => NumaFallbackReason.IncompleteCoverage,
        _ when input.AcpiOff => NumaFallbackReason.AcpiOff,
        _ when input.Srat is not { Length: > 0 } => NumaFallbackReason.NoSrat,
        _ when input.Numa == NumaMode.NoAcpi => NumaFallbackReason.NumaNoAcpi,
        _ when state.SratDisabled => NumaFallbackReason.SratDisabled,
        _ when state.MemoryWalkAborted => NumaFallbackReason.TableWalkAborted,
        _ => NumaFallbackReason.NoMemoryEntries,
    };

    private static NumaResult Freeze(NumaState state, NumaMethod method, NumaFallbackReason reason)
    {
        return new NumaResult(
            method,
            reason,
            state.Meminfo.Blocks.ToArray(),
            state.ReservedMeminfo.Blocks.ToArray(),
            state.Possible.ToArray(),
            state.Online.ToArray(),
            state.NodeData.ToArray(),
            state.Pxm.Mappings.ToArray(),
            state.Pxm.NumaOff,
            new Dictionary<uint, int>(state.ApicToNode),
            state.GenericInitiatorNodes.ToArray(),
            state.Distance.ToArray(),
            state.Distance.Count,
            state.Distance.Allocation,
            state.MaxPossiblePfn,
            state.SratRevision,
            state.Notes.ToArray())
        {
            Panic = state.Panic,
            EmuNidToPhys = state.EmuNidToPhys,
            GenericInitiators = state.GenericInitiators.ToArray(),
            Emulated = state.Emulated,
        };
    }
}
