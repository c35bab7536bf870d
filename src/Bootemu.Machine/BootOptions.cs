using Bootemu.Core.Logging;

namespace Bootemu.Machine;

/// <summary>How ZONE_MOVABLE's size was asked for with kernelcore= or movablecore=.</summary>
public enum CoreSizeKind
{
    /// <summary>Not given (or given with a value the kernel reads as 0).</summary>
    None,
    /// <summary>A byte count (memparse: K/M/G/T/P/E suffixes), kept in pages as the kernel does.</summary>
    Pages,
    /// <summary>A percentage of all memory (may exceed 100: the kernel warns and still uses it).</summary>
    Percent,
}

/// <summary>A kernelcore= or movablecore= request after the kernel's parser has read it.</summary>
public readonly record struct CoreSize(CoreSizeKind Kind, ulong Value)
{
    public static readonly CoreSize None = new(CoreSizeKind.None, 0);
}

/// <summary>numa= as x86 reads it.</summary>
public enum NumaMode
{
    Default,
    /// <summary>numa=off: skip ACPI and AMD NUMA, fake one node.</summary>
    Off,
    /// <summary>numa=noacpi: the SRAT is walked but every handler returns early.</summary>
    NoAcpi,
}

/// <summary>memory_hotplug.online_policy=</summary>
public enum OnlinePolicy
{
    ContigZones,
    AutoMovable,
}

/// <summary>
/// The kernel command line as Linux 6.1 x86_64 understands the memory-related options. Produced by
/// the command-line parser, which also records the kernel's own messages about the options
/// (<see cref="KernelMessages"/>) and bootemu's notes on what it ignored (<see cref="Notes"/>).
/// </summary>
public sealed record BootOptions
{
    /// <summary>The command line as given.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>movable_node (any form enables it; nothing disables it).</summary>
    public bool MovableNode { get; init; }

    /// <summary>kernelcore=mirror (sticky: a later size does not clear it).</summary>
    public bool KernelcoreMirror { get; init; }

    /// <summary>kernelcore= as a size or percentage (the last occurrence wins).</summary>
    public CoreSize Kernelcore { get; init; } = CoreSize.None;

    /// <summary>movablecore= as a size or percentage (the last occurrence wins).</summary>
    public CoreSize Movablecore { get; init; } = CoreSize.None;

    /// <summary>mem=: the address limit for RAM, when given with a valid non-zero value.</summary>
    public ulong? MemLimit { get; init; }

    /// <summary>memblock=debug (any value containing "debug").</summary>
    public bool MemblockDebug { get; init; }

    public NumaMode Numa { get; init; } = NumaMode.Default;

    /// <summary>acpi=off: no ACPI tables at all, so no SRAT.</summary>
    public bool AcpiOff { get; init; }

    /// <summary>
    /// numa=fake=: what follows "fake=" in the last such word ("4", "512M", "2U", "4:10,20,...", even ""), as
    /// numa_emu_cmdline keeps it for numa_emulation to read; null when not given (no NUMA emulation).
    /// </summary>
    public string? NumaFake { get; init; }

    /// <summary>memhp_default_state=, or null when not given: then the kernel build's default applies (Debian's 6.1: offline,
    /// 6.12: online; see the boot's kernel model).</summary>
    public OnlineType? MemhpDefaultState { get; init; }

    public OnlinePolicy OnlinePolicy { get; init; } = OnlinePolicy.ContigZones;

    /// <summary>memory_hotplug.auto_movable_ratio='s default: 301 percent (mm/memory_hotplug.c).</summary>
    public const uint DefaultAutoMovableRatio = 301;

    /// <summary>memory_hotplug.auto_movable_ratio= (percent).</summary>
    public uint AutoMovableRatio { get; init; } = DefaultAutoMovableRatio;

    /// <summary>memory_hotplug.auto_movable_numa_aware= (default true).</summary>
    public bool AutoMovableNumaAware { get; init; } = true;

    /// <summary>memory_hotplug.memmap_on_memory= (default false).</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>retain_initrd: the initrd's pages are not freed once the initramfs is unpacked.</summary>
    public bool RetainInitrd { get; init; }

    /// <summary>
    /// hashdist= (default 1 on 64-bit): large system hash tables are spread over the nodes with vmalloc once it works,
    /// instead of taken from memblock during boot. The kernel turns it off by itself when one node has memory.
    /// </summary>
    public bool HashDistribution { get; init; } = true;

    /// <summary>
    /// vmap_allow_huge (default on; nohugevmalloc turns it off): vmalloc may map a large allocation with 2 MiB pages,
    /// which the hash tables' lines report as "vmalloc hugepage".
    /// </summary>
    public bool HugeVmalloc { get; init; } = true;

    /// <summary>dhash_entries= (0: sized from memory): the dentry hash table's buckets before rounding.</summary>
    public ulong DentryHashEntries { get; init; }

    /// <summary>ihash_entries= (0: sized from memory): the inode hash table's buckets before rounding.</summary>
    public ulong InodeHashEntries { get; init; }

    /// <summary>mhash_entries= (0: sized from memory): the mount hash table's buckets before rounding.</summary>
    public ulong MountHashEntries { get; init; }

    /// <summary>mphash_entries= (0: sized from memory): the mountpoint hash table's buckets before rounding.</summary>
    public ulong MountpointHashEntries { get; init; }

    /// <summary>The texts of <see cref="Messages"/>: what the kernel prints about these options (e.g. "Malformed early option 'mem'"), in order.</summary>
    public IReadOnlyList<string> KernelMessages => Messages.Select(m => m.Text).ToArray();

    /// <summary>bootemu's own one-line notes: what it ignored and why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The kernel's lines about the options with their level and when the kernel prints them
    /// (<see cref="KernelMessages"/> gives just the texts). Early-param lines come out of
    /// <c>parse_early_param</c> inside setup_arch; the others after the <c>Kernel command line:</c> line.
    /// </summary>
    public IReadOnlyList<BootMessage> Messages { get; init; } = Array.Empty<BootMessage>();

    /// <summary>
    /// What parse_early_param does, in command-line order: the e820 edits of mem= and memmap=
    /// interleaved with the early-param lines. <see cref="E820Table.ApplyCommandLine"/> replays them.
    /// </summary>
    public IReadOnlyList<EarlyParamStep> EarlyParamSteps { get; init; } = Array.Empty<EarlyParamStep>();

    /// <summary>
    /// The kernel's <c>userdef</c>: mem= or memmap= touched the map (even mem=0 and mem=abc do), so
    /// the map is sanitised again and printed as <c>user-defined physical RAM map:</c>.
    /// </summary>
    public bool E820UserDefined => EarlyParamSteps.Any(s => s.Edit is not null);

    /// <summary>Words the kernel hands to init and reports as unknown, in the order it prints them (bare words, then name=value ones).</summary>
    public IReadOnlyList<string> UnknownParameters { get; init; } = Array.Empty<string>();

    /// <summary>What follows a bare <c>--</c>: arguments for init, never read by the kernel.</summary>
    public string? InitArguments { get; init; }

    /// <summary>The kernel's lines of one phase, in order.</summary>
    public IEnumerable<BootMessage> MessagesOf(CommandLinePhase phase) => Messages.Where(m => m.Phase == phase);
}

/// <summary>When the kernel reads an option and prints its lines about it.</summary>
public enum CommandLinePhase
{
    /// <summary>parse_early_param() in setup_arch, right after the BIOS-e820 lines.</summary>
    EarlyParam,
    /// <summary>parse_args("Booting kernel") in start_kernel, after <c>Kernel command line:</c>: module parameters, __setup options, unknown words.</summary>
    BootingKernel,
}

/// <summary>One line the kernel prints about the command line.</summary>
public sealed record BootMessage(KernelLogLevel Level, string Text, CommandLinePhase Phase);

/// <summary>One step of parse_early_param that matters for memory: an e820 edit, or a line the kernel prints.</summary>
public sealed record EarlyParamStep(E820Edit? Edit, BootMessage? Message);
