using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Boot.Numa;
using Bootemu.Boot.Percpu;
using Bootemu.Boot.Setup;
using Bootemu.Boot.Sparse;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Machine;

namespace Bootemu.Boot;

/// <summary>
/// The memory half of x86_64 setup_arch() and what start_kernel does right after it, in the
/// kernel's order (docs/linux-6.1-boot-memory.md §2): early reservations, the e820 map and the memory options,
/// e820 → memblock, the trampoline and low megabyte, the ACPI tables, x86_numa_init, sparse_init,
/// free_area_init, the per-CPU first chunk and the zonelists. One call boots one machine with its
/// own memblock and log; nothing is shared between calls.
/// </summary>
public static class BootPipeline
{
    /// <param name="kernel">the kernel build to emulate; default: <see cref="KernelModel.Linux61"/>.</param>
    public static BootResult Run(MachineDescription machine, BootOptions options, KernelLog log, KernelModel? kernel = null)
    {
        kernel ??= KernelModel.Linux61;
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        var notes = new List<string>(machine.Notes);
        notes.AddRange(options.Notes);
        var allocations = new BootAllocations();
        var memblock = new Memblock.Memblock(log)
        {
            MovableNode = options.MovableNode,
            MirroredKernelcore = options.KernelcoreMirror,
        };

        // early_reserve_memory: memblock knows no memory yet, and memblock=debug is not parsed yet.
        var image = KernelImagePlacement.For(machine, kernel, notes);
        (ulong Start, ulong End) imageRange = (image.ImageStart, image.ImageEnd);
        EarlyReservations.Run(memblock, imageRange, machine.Initrd, machine.BiosE820.Entries, allocations);

        // e820__memory_setup, then parse_early_param (mem=, memmap= and the early-option lines) and
        // e820__finish_early_params.
        var e820 = machine.BiosE820.MemorySetup(log);
        e820 = e820.ApplyCommandLine(options, log);
        memblock.Debug = options.MemblockDebug;
        if (options.MovableNode) memblock.BottomUp = true;

        e820 = e820.AddKernelRange(imageRange.Start, imageRange.End, log).TrimBiosRange(log);
        var (maxPfn, _) = e820.FindMaxPfns(log);

        // reserve_brk: the used part of the brk area (early page tables, DMI) right after the image.
        if (!image.GivenByMachine)
        {
            memblock.Reserve(image.BrkStart, image.BrkEnd - image.BrkStart, DebianKernelBuild.Callers.ReserveBrk);
            allocations.Add(BootAllocationNames.Brk, image.BrkStart, image.BrkEnd - image.BrkStart);
        }

        memblock.CurrentLimit = DebianKernelBuild.IsaEnd;
        E820MemblockSetup.Run(memblock, e820.Entries);
        RealModeReservation.Run(memblock, allocations, log);

        // init_mem_mapping builds the direct map; then the whole of RAM is mapped and allocations may
        // go anywhere below max_pfn.
        InitMemMapping.Run(memblock, maxPfn, image.KernelEnd, image.BrkStart, allocations);
        memblock.CurrentLimit = maxPfn.Address;

        if (machine.Initrd is { } rd)
        {
            ulong end = (rd.End + 0xfff) & ~0xfffUL;
            log.Info($"RAMDISK: [mem {Printk.AltHex(rd.Start, 10)}-{Printk.AltHex(end - 1, 10)}]");
        }
        if (!options.AcpiOff)
            AcpiTableReservations.Run(memblock, AcpiTables(machine, notes), TableBytes(machine), log, allocations);

        var sratEntries = SratSubtables(machine);
        var numa = X86NumaInit.Run(new NumaInput
        {
            Srat = options.AcpiOff ? null : machine.Srat,
            Slit = options.AcpiOff ? null : machine.Slit,
            Options = options,
            MaxPfn = maxPfn,
            ApicMode = ApicModeOf(sratEntries, notes),
        }, memblock, log);
        notes.AddRange(numa.Notes);
        foreach (var nd in numa.NodeData) allocations.Add(BootAllocationNames.NodeData(nd.Nid), nd.Base, nd.Size, nd.Nid);
        if (numa.DistanceTable is { } distances) allocations.Add(BootAllocationNames.NumaDistance, distances.Base, distances.Size);

        // paging_init: sparse_init, then zone_sizes_init → free_area_init.
        var presentSections = new PresentSections(SparseInit.Run(memblock, numa.NodeData.ToDictionary(n => n.Nid, n => n.Base), allocations, log, notes));
        // memblock.memory is final from here on (later steps only reserve), so its pfn ranges are read once.
        var memoryAfterNuma = memblock.Memory.Regions.ToArray();
        var memoryRanges = new MemPfnRanges(memoryAfterNuma);
        var zones = FreeAreaInit.Run(new ZoneInput
        {
            Memory = memoryAfterNuma,
            Ranges = memoryRanges,
            PresentSections = presentSections,
            MaxPfn = maxPfn,
            Options = options,
            PossibleNodes = numa.PossibleNodes,
            OnlineNodes = numa.OnlineNodes,
        }, memblock, log);
        foreach (var pg in zones.MemorylessPgdats.Where(p => p.Base != 0))
            allocations.Add(BootAllocationNames.NodeData(pg.Nid), pg.Base, pg.Size, pg.Nid);

        // setup_per_cpu_areas, then build_all_zonelists in start_kernel.
        var sratMemory = sratEntries.OfType<Bootemu.Acpi.Srat.MemoryAffinity>().ToArray();
        var cpuApicIds = CpuApicIds(sratEntries);
        if (cpuApicIds.Count == 0)
        {
            cpuApicIds = new uint[] { 0 };
            notes.Add(OtherArchitecture(sratEntries) is { } arch
                ? $"the SRAT describes {arch} machine ({string.Join(" and ", sratEntries.Where(IsOtherArchCpu).Select(e => Bootemu.Acpi.Srat.SratSubtable.TypeName((byte)e.Type)).Distinct())} entries, no local APIC or x2APIC entry); " +
                  "bootemu emulates the x86_64 boot path, where those entries name no CPU: the memory ranges are read as the x86 kernel reads them, and one CPU (APIC id 0) is assumed for the per-cpu areas"
                : "no CPU is listed in the SRAT: one CPU (APIC id 0) is assumed for the per-cpu areas");
        }
        var cpuNodes = numa.CpuToNode(cpuApicIds);
        // init_cpu_to_node, then init_gi_nodes, at the end of setup_arch: a node with a CPU or a generic initiator
        // is set online even when it has no memory. free_area_init already gave it a pg_data_t, so only its online
        // bit changes: it gets a sysfs node and /proc/zoneinfo entries, still without N_MEMORY.
        var onlinedByCpusAndInitiators = cpuNodes.Concat(numa.GenericInitiatorNodes).ToHashSet();
        PerCpuAreas.Run(memblock, cpuNodes, allocations);
        // build_all_zonelists walks every possible node (each has a pgdat since free_area_init) and lists
        // only the nodes that have memory (N_MEMORY, set by check_for_memory).
        var nodesWithMemory = zones.NodeStates.Where(s => s.HasMemory).Select(s => s.Nid).ToArray();
        var zonelists = ZonelistOrder.Build(numa, numa.PossibleNodes, nodesWithMemory);
        foreach (var zonelist in zonelists) log.Info(ZonelistOrder.Line(zonelist));
        foreach (var m in options.MessagesOf(CommandLinePhase.BootingKernel)) log.Print(m.Level, m.Text);

        var memory = memblock.Memory.Regions.ToArray();
        return new BootResult
        {
            Kernel = kernel,
            KernelPanics = PanicReason(nodesWithMemory, zones.MemorylessPgdats),
            PresentSections = presentSections,
            MemoryRanges = memoryRanges,
            Options = options,
            MaxPfn = maxPfn,
            E820 = e820.Entries.ToArray(),
            Memory = memory,
            Reserved = memblock.Reserved.Regions.ToArray(),
            Nodes = NodesAfterSetupArch(zones.Nodes, cpuNodes, onlinedByCpusAndInitiators),
            MovableZone = zones.MovableZone,
            EarlyAllocations = allocations.Resolve(memory),
            HotplugCapacity = numa.ReservedMeminfo.Select(b => new HotplugCapacityRange(b.Start, b.Size, b.Nid, IsHotpluggable(sratMemory, numa, b.Start, b.End))).ToArray(),
            Hotpluggable = HotpluggableRanges(sratMemory, SratRevision(machine), numa, memory),
            ZoneRanges = Enum.GetValues<ZoneType>()
                .Select(z => (z, zones.ArchRanges.Lowest(z), zones.ArchRanges.Highest(z))).ToArray(),
            Distances = new NodeDistanceRows(numa, numa.PossibleNodes.Count == 0 ? 0 : numa.PossibleNodes.Max() + 1),
            NumaMeminfo = numa.Meminfo,
            NumaFallback = numa.UsedDummy ? FallbackText(numa.FallbackReason) : null,
            ZonelistOrders = zonelists.ToDictionary(z => z.Node, z => z.Order),
            Log = log.Lines.ToArray(),
            Notes = notes,
        };
    }

    /// <summary>The tables to reserve: the machine's, or, for a machine that does not say where they are, SeaBIOS's placement.</summary>
    /// <summary>
    /// What stops the real kernel soon after the emulated steps. With no node holding memory, memblock_free_all hands
    /// the page allocator nothing and the first page allocation fails; a possible node whose pg_data_t could not be
    /// allocated is dereferenced by build_all_zonelists, which walks every possible node.
    /// </summary>
    private static string? PanicReason(IReadOnlyCollection<int> nodesWithMemory, IEnumerable<PgdatAllocation> memorylessPgdats)
    {
        if (nodesWithMemory.Count == 0)
            return "no usable RAM is left for the page allocator (after the e820 map, mem= and memmap=), so the first page allocation fails and the kernel panics";
        var missing = memorylessPgdats.Where(p => p.Base == 0).Select(p => p.Nid).ToArray();
        if (missing.Length > 0)
            return $"no memory was found for the pg_data_t of node {string.Join(", ", missing)}, so build_all_zonelists dereferences a missing NODE_DATA and the kernel crashes";
        return null;
    }

    private static IReadOnlyList<AcpiTablePlacement> AcpiTables(MachineDescription machine, List<string> notes)
    {
        if (machine.AcpiTables.Count > 0)
            return machine.AcpiTables.Select(t => new AcpiTablePlacement(t.Signature, t.Address, t.Length)).ToArray();
        var tables = new List<(string, ulong)>();
        if (machine.Srat is { } srat) tables.Add(("SRAT", (ulong)srat.Length));
        if (machine.Slit is { } slit) tables.Add(("SLIT", (ulong)slit.Length));
        if (tables.Count == 0) return Array.Empty<AcpiTablePlacement>();
        var placed = AcpiTableReservations.PlaceLikeSeaBios(machine.BiosE820, tables);
        notes.Add("the machine does not say where its ACPI tables sit: placed as SeaBIOS does, from " +
                  $"{Printk.AltHex(placed[0].Address)} (the top of RAM below 4 GiB); only the SRAT/SLIT are reserved");
        return placed;
    }

    private static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> TableBytes(MachineDescription machine)
    {
        var bytes = new Dictionary<string, ReadOnlyMemory<byte>>();
        if (machine.Srat is { } srat) bytes["SRAT"] = srat;
        if (machine.Slit is { } slit) bytes["SLIT"] = slit;
        return bytes;
    }

    /// <summary>
    /// Each node with its CPUs in ascending order (one pass over the CPUs, not one per node), and online if
    /// <paramref name="onlined"/> holds it. (A generic initiator's node left out of node_possible_map by a NUMA
    /// fallback has no layout here; the kernel sets its online bit all the same.)
    /// </summary>
    private static IReadOnlyList<Model.NodeLayout> NodesAfterSetupArch(IReadOnlyList<Model.NodeLayout> nodes, IReadOnlyList<int> cpuNodes, HashSet<int> onlined)
    {
        var cpusOf = new Dictionary<int, List<int>>();
        for (int cpu = 0; cpu < cpuNodes.Count; cpu++)
        {
            if (!cpusOf.TryGetValue(cpuNodes[cpu], out var cpus)) cpusOf[cpuNodes[cpu]] = cpus = new List<int>();
            cpus.Add(cpu);
        }
        var result = new Model.NodeLayout[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
            result[i] = nodes[i] with
            {
                Cpus = cpusOf.TryGetValue(nodes[i].Nid, out var cpus) ? cpus : new List<int>(),
                Online = nodes[i].Online || onlined.Contains(nodes[i].Nid),
            };
        return result;
    }

    /// <summary>The enabled SRAT memory entries with the Hot-pluggable flag, as the kernel's nodes see them.</summary>
    private static IReadOnlyList<HotpluggableRange> HotpluggableRanges(IReadOnlyList<Bootemu.Acpi.Srat.MemoryAffinity> sratMemory, byte sratRevision,
        NumaResult numa, IReadOnlyList<Memblock.MemblockRegion> memory)
    {
        var result = new List<HotpluggableRange>();
        foreach (var m in sratMemory)
        {
            if (!m.Enabled || !m.HotPluggable || m.Length == 0 || m.Wraps) continue;
            int nid = numa.UsedDummy ? 0 : numa.PxmToNode((int)m.KernelDomain(sratRevision));
            if (nid < 0) continue;
            ulong end = m.BaseAddress + m.Length;
            bool present = false, kept = false;
            // memory is sorted: start at the first region ending after the range's base.
            for (int i = Memblock.MemblockType.FirstEndingAbove(memory, m.BaseAddress); i < memory.Count && memory[i].Base < end; i++)
            {
                present = true;
                kept |= (memory[i].Flags & Memblock.MemblockFlags.Hotplug) != 0;
            }
            result.Add(new HotpluggableRange(m.BaseAddress, m.Length, nid, present, kept));
        }
        return result;
    }

    private static bool IsHotpluggable(IReadOnlyList<Bootemu.Acpi.Srat.MemoryAffinity> sratMemory, NumaResult numa, ulong start, ulong end) =>
        !numa.UsedDummy && sratMemory.Any(m => m.Enabled && m.HotPluggable && m.BaseAddress < end && m.BaseAddress + m.Length > start);

    /// <summary>
    /// Which APIC driver early_acpi_boot_init would pick. A machine whose firmware lists x2APIC ids the
    /// 8-bit xAPIC cannot address (255 and up), or more than 255 CPUs, can only run its CPUs in x2APIC
    /// mode, so its firmware enables it; smaller machines (every QEMU conformance boot) use flat/physflat.
    /// </summary>
    private static ApicMode ApicModeOf(IReadOnlyList<Bootemu.Acpi.Srat.SratSubtable> sratEntries, List<string> notes)
    {
        int cpus = 0;
        bool wideId = false;
        foreach (var s in sratEntries)
        {
            if (s is Bootemu.Acpi.Srat.ProcessorApicAffinity { Enabled: true }) cpus++;
            else if (s is Bootemu.Acpi.Srat.ProcessorX2ApicAffinity { Enabled: true } x2) { cpus++; wideId |= x2.X2ApicId >= 255; }
        }
        if (!wideId && cpus <= 255) return ApicMode.XApic;
        notes.Add($"the SRAT lists {cpus} CPUs{(wideId ? " with x2APIC ids of 255 or more" : "")}: the machine is taken to boot in x2APIC mode, so every x2APIC entry is valid");
        return ApicMode.X2Apic;
    }

    /// <summary>
    /// The possible CPUs by APIC id, in ascending order (the order QEMU and most firmware list them in
    /// the MADT, which bootemu does not read): the enabled SRAT processor entries, which name the same
    /// CPUs whether or not the kernel ends up using the SRAT for NUMA.
    /// </summary>
    /// <summary>"an arm64" or "a RISC-V" when the SRAT's processor entries are of that architecture's kinds only.</summary>
    private static string? OtherArchitecture(IReadOnlyList<Bootemu.Acpi.Srat.SratSubtable> sratEntries)
    {
        if (sratEntries.Any(e => e is Bootemu.Acpi.Srat.ProcessorApicAffinity or Bootemu.Acpi.Srat.ProcessorX2ApicAffinity)) return null;
        if (sratEntries.Any(e => e is Bootemu.Acpi.Srat.GiccAffinity or Bootemu.Acpi.Srat.GicItsAffinity)) return "an arm64";
        if (sratEntries.Any(e => e is Bootemu.Acpi.Srat.RintcAffinity)) return "a RISC-V";
        return null;
    }

    private static bool IsOtherArchCpu(Bootemu.Acpi.Srat.SratSubtable e) =>
        e is Bootemu.Acpi.Srat.GiccAffinity or Bootemu.Acpi.Srat.GicItsAffinity or Bootemu.Acpi.Srat.RintcAffinity;

    private static IReadOnlyList<uint> CpuApicIds(IReadOnlyList<Bootemu.Acpi.Srat.SratSubtable> sratEntries)
    {
        var ids = new SortedSet<uint>();
        foreach (var s in sratEntries)
        {
            if (s is Bootemu.Acpi.Srat.ProcessorApicAffinity { Enabled: true } apic) ids.Add(apic.ApicId);
            else if (s is Bootemu.Acpi.Srat.ProcessorX2ApicAffinity { Enabled: true } x2) ids.Add(x2.X2ApicId);
        }
        return ids.ToArray();
    }

    private static string FallbackText(NumaFallbackReason reason) => reason switch
    {
        NumaFallbackReason.NumaOff => "numa=off",
        NumaFallbackReason.AcpiOff => "acpi=off",
        NumaFallbackReason.NumaNoAcpi => "numa=noacpi",
        NumaFallbackReason.NoSrat => "the machine has no SRAT",
        NumaFallbackReason.TableWalkAborted => "a zero-length SRAT subtable aborted the walk",
        NumaFallbackReason.SratDisabled => "the kernel rejected the SRAT (\"SRAT not used\")",
        NumaFallbackReason.NoMemoryEntries => "the SRAT has no usable memory entry",
        NumaFallbackReason.NodesOverlap => "memory ranges of different nodes overlap",
        NumaFallbackReason.IncompleteCoverage => "the nodes do not cover all e820 RAM",
        _ => reason.ToString(),
    };

    private static IReadOnlyList<Bootemu.Acpi.Srat.SratSubtable> SratSubtables(MachineDescription machine)
    {
        if (machine.Srat is not { } bytes) return Array.Empty<Bootemu.Acpi.Srat.SratSubtable>();
        try
        {
            return Bootemu.Acpi.Srat.SratReader.ReadLenient(bytes.Span).Table.Subtables;
        }
        catch (InputException)
        {
            return Array.Empty<Bootemu.Acpi.Srat.SratSubtable>();
        }
    }

    private static byte SratRevision(MachineDescription machine) =>
        machine.Srat is { Length: > 8 } bytes ? bytes.Span[8] : (byte)0;
}
