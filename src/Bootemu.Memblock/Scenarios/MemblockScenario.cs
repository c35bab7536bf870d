namespace Bootemu.Memblock.Scenarios;

/// <summary>
/// A memblock scenario: settings, a list of memblock calls to make on an empty memblock, and the
/// optional expectations to check afterwards (the YAML shape of `bootemu memblock run`).
/// </summary>
public sealed record MemblockScenario(string Source, MemblockSettings Settings, IReadOnlyList<MemblockOp> Ops, MemblockExpectation? Expect);

/// <summary>
/// The state the calls start from. Defaults are the kernel's own at boot: top-down, no limit,
/// no movable_node, arrays that may not grow yet, no kernelcore=mirror, no memblock=debug.
/// </summary>
public sealed record MemblockSettings(
    bool BottomUp = false,
    ulong CurrentLimit = Memblock.AllocAnywhere,
    bool MovableNode = false,
    bool AllowResize = false,
    bool KernelcoreMirror = false,
    bool Debug = false);

/// <summary>One memblock call; <see cref="Location"/> is where the scenario file wrote it.</summary>
public abstract record MemblockOp(string Location)
{
    /// <summary>The op's name as the scenario file spells it.</summary>
    public abstract string Name { get; }
}

/// <summary>memblock_add (no nid, no flags) or memblock_add_node.</summary>
public sealed record AddOp(string Location, ulong Base, ulong Size, int? Nid, MemblockFlags Flags) : MemblockOp(Location)
{
    public override string Name => "add";
}

/// <summary>memblock_reserve, memblock_remove or memblock_phys_free.</summary>
public sealed record RangeOp(string Location, RangeOpKind Kind, ulong Base, ulong Size) : MemblockOp(Location)
{
    public override string Name => Kind switch { RangeOpKind.Reserve => "reserve", RangeOpKind.Remove => "remove", _ => "free" };
}

public enum RangeOpKind { Reserve, Remove, Free }

/// <summary>memblock_mark_hotplug / clear_hotplug / mark_mirror / mark_nomap / clear_nomap.</summary>
public sealed record FlagOp(string Location, FlagOpKind Kind, ulong Base, ulong Size) : MemblockOp(Location)
{
    public override string Name => Kind switch
    {
        FlagOpKind.MarkHotplug => "mark_hotplug",
        FlagOpKind.ClearHotplug => "clear_hotplug",
        FlagOpKind.MarkMirror => "mark_mirror",
        FlagOpKind.MarkNomap => "mark_nomap",
        _ => "clear_nomap",
    };
}

public enum FlagOpKind { MarkHotplug, ClearHotplug, MarkMirror, MarkNomap, ClearNomap }

/// <summary>memblock_set_node on memory or reserved.</summary>
public sealed record SetNodeOp(string Location, ulong Base, ulong Size, int Nid, MemblockTypeKind Type) : MemblockOp(Location)
{
    public override string Name => "set_node";
}

/// <summary>memblock_set_bottom_up.</summary>
public sealed record SetBottomUpOp(string Location, bool Enable) : MemblockOp(Location)
{
    public override string Name => "set_bottom_up";
}

/// <summary>memblock_set_current_limit.</summary>
public sealed record SetCurrentLimitOp(string Location, ulong Limit) : MemblockOp(Location)
{
    public override string Name => "set_current_limit";
}

/// <summary>memblock_trim_memory.</summary>
public sealed record TrimMemoryOp(string Location, ulong Align) : MemblockOp(Location)
{
    public override string Name => "trim_memory";
}

/// <summary>memblock_enforce_memory_limit.</summary>
public sealed record EnforceMemoryLimitOp(string Location, ulong Limit) : MemblockOp(Location)
{
    public override string Name => "enforce_memory_limit";
}

/// <summary>
/// memblock_alloc_try_nid (default), memblock_alloc_try_nid_raw (<see cref="Raw"/>) or
/// memblock_alloc_exact_nid_raw (<see cref="ExactNid"/>; the kernel has only a raw form of it).
/// </summary>
public sealed record AllocOp(string Location, string Id, ulong Size, ulong Align, ulong MinAddr, ulong MaxAddr, int Nid, bool ExactNid, bool Raw) : MemblockOp(Location)
{
    public override string Name => "alloc";
}

/// <summary>What `expect` says; every part is optional and checks only what it names. <see cref="Locations"/> maps each written key to where it was written.</summary>
public sealed record MemblockExpectation(
    IReadOnlyList<ExpectedRegion>? Memory,
    IReadOnlyList<ExpectedRegion>? Reserved,
    int? MemoryCnt,
    int? ReservedCnt,
    int? MemoryMax,
    int? ReservedMax,
    ulong? TotalMemory,
    ulong? TotalReserved,
    IReadOnlyList<ExpectedAlloc>? Allocs,
    IReadOnlyDictionary<string, string> Locations);

/// <summary>An expected region; nid and flags are checked only when written.</summary>
public sealed record ExpectedRegion(string Location, ulong Base, ulong Size, int? Nid, MemblockFlags? Flags);

/// <summary>An expected allocation result; null address means "the allocation fails".</summary>
public sealed record ExpectedAlloc(string Location, string Id, ulong? Address);
