using Bootemu.Acpi.Srat;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Numa;

/// <summary>
/// acpi_numa_init (drivers/acpi/numa/srat.c) with the x86 handlers of arch/x86/mm/srat.c: the SRAT is walked
/// twice in table order, first for processors (types 0, 2, 3, 5), then for memory (type 1), so PXMs of CPUs and
/// generic initiators get the low node ids; then the SLIT sets distances. Returns 0, or the kernel's negative
/// error that makes x86_numa_init fall back to the next method.
/// </summary>
internal sealed class AcpiNumaParser(NumaState state, Memblock.Memblock memblock, KernelLog log)
{
    // The handlers read the raw bytes as the kernel does (past the subtable's length, even past the table's end),
    // at the offsets Bootemu.Acpi names once.
    private const int LengthField = SratLayout.Subtable.Length;

    /// <summary>The flat and physflat xAPIC drivers' apic_id_valid: ids up to 254.</summary>
    private const uint XApicMaxValidId = 254;

    private AcpiTableBytes _srat = null!;

    /// <summary>x86_acpi_numa_init: acpi_numa_init, and failure as well when parsing disabled the SRAT.</summary>
    public int X86AcpiNumaInit()
    {
        int ret = AcpiNumaInit();
        if (ret < 0)
            return ret;
        return state.SratDisabled ? NumaConstants.EInval : 0;
    }

    private int AcpiNumaInit()
    {
        var input = state.Input;
        if (input.AcpiOff)
            return NumaConstants.EInval;

        int memoryCount = 0;
        if (input.Srat is { Length: > 0 } sratBytes)
        {
            _srat = new AcpiTableBytes(sratBytes, "SRAT");
            state.SratRevision = _srat.Revision;
            SratWalker.Walk(_srat, Srat.HeaderSize, new SubtableHandler[]
            {
                new((byte)SratSubtableType.ProcessorApicAffinity, ProcessorAffinity),
                new((byte)SratSubtableType.ProcessorX2ApicAffinity, X2ApicAffinity),
                new((byte)SratSubtableType.GiccAffinity, static _ => 0), // acpi_numa_gicc_affinity_init is an empty stub on x86
                new((byte)SratSubtableType.GenericInitiatorAffinity, GenericInitiatorAffinity),
            }, log, state.Input.Kernel.SratWalk);
            memoryCount = SratWalker.Walk(_srat, Srat.HeaderSize, new SubtableHandler[]
            {
                new((byte)SratSubtableType.MemoryAffinity, MemoryAffinity),
            }, log, state.Input.Kernel.SratWalk);
            state.MemoryWalkAborted = memoryCount < 0;
            if (_srat.FirstReadPastEnd is { } past)
                state.Notes.Add($"SRAT: the walk read past the end of the table (Length {_srat.Length}, {_srat.Available} bytes supplied), first at offset {past}; the kernel reads whatever memory follows the table, bootemu read zeros");
        }

        if (input.Slit is { Length: > 0 } slitBytes)
            new SlitParser(state, memblock, log).Parse(slitBytes);

        if (memoryCount < 0)
            return memoryCount;
        if (state.ParsedNumaMemblks == 0)
            return NumaConstants.ENoEnt;
        return 0;
    }

    /// <summary>bad_srat: the SRAT is not used from here on.</summary>
    private void BadSrat()
    {
        log.Err("ACPI: SRAT: SRAT not used.");
        state.SratDisabled = true;
    }

    /// <summary>acpi_numa_processor_affinity_init (type 0, Processor Local APIC/SAPIC Affinity).</summary>
    private int ProcessorAffinity(long at)
    {
        if (state.SratDisabled)
            return 0;
        if (_srat.U8(at + LengthField) != SratLayout.ProcessorApicAffinity.Size)
        {
            BadSrat();
            return 0;
        }
        if (((ProcessorAffinityFlags)_srat.U32(at + SratLayout.ProcessorApicAffinity.Flags) & ProcessorAffinityFlags.Enabled) == 0)
            return 0;
        uint pxm = _srat.U8(at + SratLayout.ProcessorApicAffinity.ProximityDomainLow);
        if (state.SratRevision >= 2) // the three high bytes become bits 8..31: a u32 read whose fourth byte is shifted out
            pxm |= (_srat.U32(at + SratLayout.ProcessorApicAffinity.ProximityDomainHigh) << 8);
        uint apicId = _srat.U8(at + SratLayout.ProcessorApicAffinity.ApicId);
        MapCpu(pxm, apicId, idDigits: 2);
        return 0;
    }

    /// <summary>acpi_numa_x2apic_affinity_init (type 2, Processor Local x2APIC Affinity).</summary>
    private int X2ApicAffinity(long at)
    {
        if (state.SratDisabled)
            return 0;
        if (_srat.U8(at + LengthField) < SratLayout.ProcessorX2ApicAffinity.Size)
        {
            BadSrat();
            return 0;
        }
        if (((ProcessorAffinityFlags)_srat.U32(at + SratLayout.ProcessorX2ApicAffinity.Flags) & ProcessorAffinityFlags.Enabled) == 0)
            return 0;
        uint pxm = _srat.U32(at + SratLayout.ProcessorX2ApicAffinity.ProximityDomain);
        uint apicId = _srat.U32(at + SratLayout.ProcessorX2ApicAffinity.X2ApicId);
        if (state.Input.ApicMode == ApicMode.XApic && apicId > XApicMaxValidId)
        {
            log.Info($"SRAT: PXM {pxm} -> X2APIC 0x{Printk.Hex(apicId, 4)} ignored");
            return 0;
        }
        MapCpu(pxm, apicId, idDigits: 4);
        return 0;
    }

    /// <summary>The common tail of both CPU handlers: PXM to node, the MAX_LOCAL_APIC check, the line.</summary>
    private void MapCpu(uint pxm, uint apicId, int idDigits)
    {
        int node = state.Pxm.Map(unchecked((int)pxm));
        if (node < 0)
        {
            log.Err($"SRAT: Too many proximity domains {pxm:x}");
            BadSrat();
            return;
        }
        // The kernel compares a signed int: x2APIC ids of 2^31 and above would index the table out of bounds;
        // bootemu treats them as too big, like every id from MAX_LOCAL_APIC on.
        if (apicId >= NumaConstants.MaxLocalApic)
        {
            log.Info(CpuAffinityLine(pxm, apicId, idDigits, node) + " skipped apicid that is too big");
            return;
        }
        state.ApicToNode[apicId] = node;
        state.NodesParsed.Add(node);
        if (state.Input.Kernel.PrintsSratCpuAffinity)
            log.Info(CpuAffinityLine(pxm, apicId, idDigits, node));
    }

    /// <summary>Formatted only when printed: a kernel that does not print it (6.12) boots without building it.</summary>
    private static string CpuAffinityLine(uint pxm, uint apicId, int idDigits, int node) =>
        $"SRAT: PXM {pxm} -> APIC 0x{Printk.Hex(apicId, idDigits)} -> Node {node}";

    /// <summary>acpi_parse_gi_affinity (type 5, Generic Initiator): the only processor-pass handler that can fail.</summary>
    private int GenericInitiatorAffinity(long at)
    {
        if (((GenericAffinityFlags)_srat.U32(at + SratLayout.GenericAffinity.Flags) & GenericAffinityFlags.Enabled) == 0)
            return NumaConstants.EInval;
        int node = state.Pxm.Map(unchecked((int)_srat.U32(at + SratLayout.GenericAffinity.ProximityDomain)));
        if (node == NumaConstants.NoNode || node >= NumaConstants.MaxNumNodes)
        {
            log.Err("ACPI: SRAT: Too many proximity domains.");
            return NumaConstants.EInval;
        }
        state.NodesParsed.Add(node);
        state.GenericInitiatorNodes.Add(node);
        state.GenericInitiators.Add(new GenericInitiator(node, InitiatorDevice(at)));
        return 0;
    }

    /// <summary>The device a generic initiator entry names, by its handle type: a PCI segment:bus:device.function, or an ACPI _HID and _UID.</summary>
    private string InitiatorDevice(long at)
    {
        byte type = _srat.U8(at + SratLayout.GenericAffinity.DeviceHandleType);
        long handle = at + SratLayout.GenericAffinity.DeviceHandle;
        if (type == (byte)DeviceHandleType.Pci)
        {
            ushort bdf = _srat.U16(handle + 2);
            return $"PCI {_srat.U16(handle):x4}:{bdf >> 8:x2}:{(bdf >> 3) & 0x1f:x2}.{bdf & 7:x}";
        }
        if (type == (byte)DeviceHandleType.Acpi)
        {
            var hid = new char[8];
            for (int i = 0; i < hid.Length; i++) hid[i] = (char)_srat.U8(handle + i);
            return $"ACPI {new string(hid).TrimEnd('\0')} (_UID {_srat.U32(handle + 8)})";
        }
        return $"device handle type {type}";
    }

    /// <summary>acpi_parse_memory_affinity + acpi_numa_memory_affinity_init (type 1, Memory Affinity).</summary>
    private int MemoryAffinity(long at)
    {
        if (AcceptMemory(at))
            state.ParsedNumaMemblks++;
        return 0;
    }

    private bool AcceptMemory(long at)
    {
        if (state.SratDisabled)
            return false;
        byte length = _srat.U8(at + LengthField);
        if (length < SratLayout.MemoryAffinity.Size)
        {
            log.Err($"ACPI: SRAT: Unexpected header length: {length}");
            BadSrat();
            return false;
        }
        var flags = (MemoryAffinityFlags)_srat.U32(at + SratLayout.MemoryAffinity.Flags);
        if ((flags & MemoryAffinityFlags.Enabled) == 0)
            return false;
        bool hotpluggable = (flags & MemoryAffinityFlags.HotPluggable) != 0;
        ulong start = _srat.U64(at + SratLayout.MemoryAffinity.BaseAddress);
        ulong size = _srat.U64(at + SratLayout.MemoryAffinity.Length);
        ulong end = unchecked(start + size);
        int pxm = unchecked((int)_srat.U32(at + SratLayout.MemoryAffinity.ProximityDomain));
        if (state.SratRevision <= 1)
            pxm &= 0xff;

        int node = state.Pxm.Map(pxm);
        if (node == NumaConstants.NoNode || node >= NumaConstants.MaxNumNodes)
        {
            log.Err("ACPI: SRAT: Too many proximity domains.");
            BadSrat();
            return false;
        }
        if (state.Meminfo.Add(node, start, end, log) < 0)
        {
            log.Err($"ACPI: SRAT: Failed to add memblk to node {node} {Printk.Mem10(start, unchecked(end - 1))}");
            BadSrat();
            return false;
        }
        state.NodesParsed.Add(node);

        string hotplug = hotpluggable ? " hotplug" : "";
        string nonVolatile = (flags & MemoryAffinityFlags.NonVolatile) != 0 ? " non-volatile" : "";
        log.Info($"ACPI: SRAT: Node {node} PXM {unchecked((uint)pxm)} {Printk.Mem10(start, unchecked(end - 1))}{hotplug}{nonVolatile}");

        if (hotpluggable && memblock.MarkHotplug(start, size) != 0)
            log.Warn($"ACPI: SRAT: Failed to mark hotplug range {Printk.Mem10(start, unchecked(end - 1))} in memblock");

        // PFN_UP in 64-bit arithmetic: for a zero-length entry at 0, end - 1 wraps and so does the rounding.
        var last = new Pfn(unchecked(end - 1 + (Pfn.PageSize - 1)) >> Pfn.PageShift);
        if (last > state.MaxPossiblePfn)
            state.MaxPossiblePfn = last;
        return true;
    }
}
