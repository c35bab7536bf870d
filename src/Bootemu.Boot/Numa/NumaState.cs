using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The kernel globals the x86 NUMA code works on during one emulated boot (numa_meminfo, numa_nodes_parsed,
/// __apicid_to_node, the PXM map, ...). One instance per <see cref="X86NumaInit.Run"/> call, never shared, so two
/// machines in one process cannot see each other. Which fields the numa_init frame resets between attempts
/// and which survive a failed attempt follows the kernel (see <see cref="ResetForAttempt"/>).
/// </summary>
internal sealed class NumaState
{
    public NumaState(NumaInput input)
    {
        Input = input;
        Distance = new NumaDistance(input.Kernel.DistanceTableFromMemblockAlloc);
        Pxm = new PxmNodeMap { NumaOff = input.Numa == Bootemu.Machine.NumaMode.Off };
        SratDisabled = input.Numa == Bootemu.Machine.NumaMode.NoAcpi;
        MaxPossiblePfn = input.MaxPfn;
        EmuCmdline = input.NumaFake is { } fake ? new EmuCommandLine(fake) : null;
    }

    public NumaInput Input { get; }

    /// <summary>pxm_to_node_map: never reset.</summary>
    public PxmNodeMap Pxm { get; }

    /// <summary>numa_meminfo.</summary>
    public NumaMeminfo Meminfo { get; } = new();

    /// <summary>numa_reserved_meminfo: SRAT ranges without RAM; never reset by the numa_init frame.</summary>
    public NumaMeminfo ReservedMeminfo { get; } = new();

    /// <summary>numa_nodes_parsed.</summary>
    public SortedSet<int> NodesParsed { get; } = new();

    /// <summary>node_possible_map.</summary>
    public SortedSet<int> Possible { get; } = new();

    /// <summary>node_online_map.</summary>
    public SortedSet<int> Online { get; } = new();

    /// <summary>__apicid_to_node (only the mapped entries; looked up by id, never walked in order).</summary>
    public Dictionary<uint, int> ApicToNode { get; } = new();

    /// <summary>Nodes given N_GENERIC_INITIATOR; node states are not reset by the numa_init frame.</summary>
    public SortedSet<int> GenericInitiatorNodes { get; } = new();

    /// <summary>The generic initiator entries accepted, in table order, with their device.</summary>
    public List<GenericInitiator> GenericInitiators { get; } = new();

    public NumaDistance Distance { get; }

    public List<NodeDataPlacement> NodeData { get; } = new();

    /// <summary>acpi_numa &lt; 0: numa=noacpi or bad_srat disabled the SRAT.</summary>
    public bool SratDisabled { get; set; }

    /// <summary>acpi_srat_revision.</summary>
    public byte SratRevision { get; set; }

    /// <summary>The memory walk of the SRAT ended with an error (a zero-length subtable).</summary>
    public bool MemoryWalkAborted { get; set; }

    /// <summary>parsed_numa_memblks: memory entries accepted so far; never reset.</summary>
    public int ParsedNumaMemblks { get; set; }

    /// <summary>max_possible_pfn: starts at max_pfn, raised by every accepted SRAT memory entry.</summary>
    public Pfn MaxPossiblePfn { get; set; }

    /// <summary>emu_cmdline: numa=fake='s text and how far the emulation has read it; never reset. Null without numa=fake=.</summary>
    public EmuCommandLine? EmuCmdline { get; }

    /// <summary>emu_nid_to_phys as the last emulation run left it: each node's physical node (identity without emulation).</summary>
    public IReadOnlyList<int> EmuNidToPhys { get; set; } = IdentityNodeMap.Instance;

    /// <summary>Whether the last numa_init attempt replaced the physical nodes by numa=fake= nodes.</summary>
    public bool Emulated { get; set; }

    /// <summary>fix_pxm_node_maps' copies, which persist from one emulation run to the next (6.12).</summary>
    public FakePxmMaps? FakePxmMaps { get; set; }

    /// <summary>bootemu's own notes (not kernel lines).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>Why NUMA init panicked (6.12's alloc_node_data with no room anywhere), or null.</summary>
    public string? Panic { get; set; }

    /// <summary>The numa_init frame's reset at the start of every attempt (arch/x86/mm/numa.c).</summary>
    public void ResetForAttempt(Memblock.Memblock memblock)
    {
        ApicToNode.Clear();
        NodesParsed.Clear();
        Emulated = false;
        Possible.Clear();
        Online.Clear();
        Meminfo.Clear();
        NodeData.Clear();
        memblock.SetNode(0, ulong.MaxValue, Memblock.MemblockTypeKind.Memory, NumaConstants.MaxNumNodes);
        memblock.SetNode(0, ulong.MaxValue, Memblock.MemblockTypeKind.Reserved, NumaConstants.MaxNumNodes);
        memblock.ClearHotplug(0, ulong.MaxValue);
        Distance.Reset(memblock);
    }
}
