using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using Bootemu.Boot.PageAlloc;
using Bootemu.Boot.Percpu;
using Bootemu.Boot.Setup;
using Bootemu.Boot.Sparse;
using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Machine;

namespace Bootemu.Boot;

/// <summary>
/// The memory half of x86_64 setup_arch() (arch/x86/kernel/setup.c) and what start_kernel (init/main.c) does right
/// after it, in the kernel's order: early reservations, the e820 map and the memory options, e820 → memblock, the
/// trampoline and low megabyte, the ACPI tables, x86_numa_init, sparse_init, free_area_init, the per-CPU first chunk
/// and the zonelists. One call boots one machine with its own memblock and log; nothing is shared between calls.
/// </summary>
public static class BootPipeline
{
    /// <param name="kernel">the kernel build to emulate (<see cref="KernelModel.Default"/> unless the user chose one).</param>
    public static BootResult Run(MachineDescription machine, BootOptions options, KernelLog log, KernelModel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        var notes = new List<string>(machine.Notes);
        notes.AddRange(options.Notes);
        var allocations = new BootAllocations();
        var memblock = new Memblock.Memblock(log, kernel.Memblock)
        {
            MovableNode = options.MovableNode,
            MirroredKernelcore = options.KernelcoreMirror,
        };
        var srat = MachineSrat.Of(machine);

        // early_reserve_memory: memblock knows no memory yet, and memblock=debug is not parsed yet.
        var image = KernelImagePlacement.For(machine, kernel, notes);
        EarlyReservations.Run(memblock, image.Image, machine.Initrd, machine.BiosE820.Entries, allocations);

        // e820__memory_setup, then parse_early_param (mem=, memmap= and the early-option lines) and
        // e820__finish_early_params.
        var e820 = machine.BiosE820.MemorySetup(log).ApplyCommandLine(options, log);
        memblock.Debug = options.MemblockDebug;
        if (options.MovableNode) memblock.BottomUp = true;

        e820 = e820.AddKernelRange(image.ImageStart, image.ImageEnd, log).TrimBiosRange(log);
        var (maxPfn, _) = e820.FindMaxPfns(log, kernel.MaxPfnCountsAcpiData);
        image.ReserveBrk(memblock, allocations, kernel.Callers);

        memblock.CurrentLimit = DebianKernelBuild.IsaEnd;
        E820MemblockSetup.Run(memblock, e820.Entries, kernel.Callers);
        RealModeReservation.Run(memblock, allocations, log, kernel.Callers);

        // init_mem_mapping builds the direct map; then the whole of RAM is mapped and allocations may
        // go anywhere below max_pfn.
        InitMemMapping.Run(memblock, maxPfn, image.KernelEnd, image.BrkStart, allocations);
        memblock.CurrentLimit = maxPfn.Address;

        EarlyReservations.ReserveInitrd(machine.Initrd, log);
        if (!options.AcpiOff)
            AcpiTableReservations.Run(memblock, machine, log, allocations, notes, kernel.Callers);

        // initmem_init → x86_numa_init.
        var numa = X86NumaInit.Run(new NumaInput
        {
            Srat = options.AcpiOff ? null : machine.Srat,
            Slit = options.AcpiOff ? null : machine.Slit,
            Numa = options.Numa,
            AcpiOff = options.AcpiOff,
            NumaFake = options.NumaFake,
            MaxPfn = maxPfn,
            ApicMode = srat.ApicMode(notes),
            Kernel = kernel,
        }, memblock, log);
        notes.AddRange(numa.Notes);
        allocations.AddNuma(numa);
        ulong dmaReserve = DmaReserve.Find(memblock);

        // paging_init: sparse_init, then zone_sizes_init → free_area_init.
        var presentSections = new PresentSections(SparseInit.Run(memblock, numa.NodeData.ToDictionary(n => n.Nid, n => n.Base), allocations, log, kernel.Callers, notes));
        // memblock.memory is final from here on (later steps only reserve), so its pfn ranges are read once.
        var memoryAfterNuma = memblock.Memory.Regions.ToArray();
        var memoryRanges = new MemPfnRanges(memoryAfterNuma);
        var zones = FreeAreaInit.Run(new ZoneInput
        {
            Memory = memoryAfterNuma,
            Ranges = memoryRanges,
            PresentSections = presentSections,
            MaxPfn = maxPfn,
            Options = MovableZoneRequest.From(options),
            PossibleNodes = numa.PossibleNodes,
            OnlineNodes = numa.OnlineNodes,
            Kernel = kernel,
        }, memblock, log);
        allocations.AddMemorylessPgdats(zones);
        var hashSizing = HashSizingCounts.AtFreeAreaInit(zones.Nodes, memblock, dmaReserve, kernel);

        // The end of setup_arch reads the final e820 table twice: the hibernation nosave regions and the PCI window.
        e820.RegisterNosaveRegions(maxPfn, log);
        e820.SetupPciGap(maxPfn, log);

        // init_cpu_to_node, setup_per_cpu_areas, then build_all_zonelists in start_kernel.
        var cpuNodes = numa.CpuToNode(srat.PossibleCpuApicIds(notes, machine.PossibleCpus));
        PerCpuAreas.Run(memblock, cpuNodes, NodeIds(numa.PossibleNodes), allocations, kernel, log);
        // init_cpu_to_node and init_gi_nodes (end of setup_arch) have set the online bits the zonelists count.
        var nodesOnline = CpuAndInitiatorNodes.Online(zones.Nodes, cpuNodes, numa.GenericInitiatorNodes, numa.EmuNidToPhys);
        int onlineNodeCount = nodesOnline.Count(n => n.Online);
        var memoryNodes = zones.NodesWithMemory();
        // build_all_zonelists and parse_args("Booting kernel"): 6.1 builds first, 6.12 parses first. On both, the
        // early hash tables (vfs_caches_init_early) come right after parse_args.
        void ParseArgsAndEarlyHashTables()
        {
            foreach (var m in options.MessagesOf(CommandLinePhase.BootingKernel)) log.Print(m.Level, m.Text);
            VfsHashTables.Run(memblock, hashSizing, memoryNodes.Count, options, log, allocations, kernel);
        }
        if (kernel.ZonelistsAfterBootParams) ParseArgsAndEarlyHashTables();
        var zonelists = ZonelistOrder.BuildAll(numa, memoryNodes, kernel, log);
        ZonelistsBuilt.PrintAtBoot(zones.Nodes, memoryNodes, onlineNodeCount, dmaReserve, kernel, log);
        if (!kernel.ZonelistsAfterBootParams) ParseArgsAndEarlyHashTables();
        // trap_init and mm_core_init → mem_init, up to memblock_free_all.
        MemInitReservations.Run(memblock, maxPfn, cpuNodes.Count, allocations, kernel);
        // vfs_caches_init, later in start_kernel: the hash tables made after mem_init.
        VfsHashTables.PrintAtVfsCachesInit(hashSizing, memoryNodes.Count, onlineNodeCount, options, log, kernel);

        var memory = memblock.Memory.Regions.ToArray();
        var reserved = memblock.Reserved.Regions.ToArray();
        var earlyAllocations = allocations.Resolve(memory);
        var nodes = PageAllocatorCounts.Attach(nodesOnline,
            memoryRanges, reserved, earlyAllocations, initrdFreed: !options.RetainInitrd, kernel);
        var sratMemory = srat.MemoryAffinities;
        return new BootResult
        {
            Kernel = kernel,
            MemoryDevices = machine.MemoryDevices,
            KernelPanics = PanicReason(memblock, numa, zones),
            PresentSections = presentSections,
            MemoryRanges = memoryRanges,
            Options = options,
            MaxPfn = maxPfn,
            E820 = e820.Entries.ToArray(),
            Memory = memory,
            Reserved = reserved,
            Nodes = nodes,
            MovableZone = zones.MovableZone,
            EarlyAllocations = earlyAllocations,
            HotplugCapacity = HotpluggableMemory.Capacity(sratMemory, numa),
            Hotpluggable = HotpluggableMemory.Ranges(sratMemory, numa, memory),
            ZoneRanges = Enum.GetValues<ZoneType>()
                .Select(z => (z, zones.ArchRanges.Lowest(z), zones.ArchRanges.Highest(z))).ToArray(),
            Distances = new NodeDistanceRows(numa, NodeIds(numa.PossibleNodes)),
            NumaMeminfo = numa.Meminfo,
            GenericInitiators = numa.GenericInitiators,
            NumaFallback = numa.FallbackText(),
            ZonelistOrders = zonelists.ToDictionary(z => z.Node, z => z.Order),
            Log = log.Lines.ToArray(),
            Notes = notes,
        };
    }

    /// <summary>nr_node_ids (setup_nr_node_ids): the highest possible node id plus one.</summary>
    private static int NodeIds(IReadOnlyList<int> possibleNodes) => possibleNodes.Count == 0 ? 0 : possibleNodes.Max() + 1;

    /// <summary>Why the real kernel would not finish booting this machine, or null when it would.</summary>
    private static string? PanicReason(Memblock.Memblock memblock, NumaResult numa, ZoneSetup zones)
    {
        if (memblock.Panic is { } memblockPanic)
            return $"the kernel panics: {memblockPanic}";
        if (numa.Panic is { } numaPanic)
            return $"NUMA init fails: {numaPanic}";
        return zones.PanicReason();
    }
}
