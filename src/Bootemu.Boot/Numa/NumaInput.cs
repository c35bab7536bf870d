using Bootemu.Core;
using Bootemu.Machine;

namespace Bootemu.Boot.Numa;

/// <summary>
/// Which local APIC driver the kernel picked in early_acpi_boot_init, because it decides which x2APIC ids in the
/// SRAT are valid (acpi_numa_x2apic_affinity_init asks the driver's apic_id_valid).
/// Rule: x86_64 runs in x2APIC mode, and then uses an x2APIC driver that accepts every id, only when the CPU has
/// x2APIC and the firmware enabled it or interrupt remapping allows it (QEMU: a CPU model with x2apic plus an
/// intel-iommu with intremap, or more than 255 CPUs). Otherwise it uses flat (up to 8 CPUs) or physflat, which
/// both accept ids below 255 only. QEMU boots with a few CPUs and no IOMMU, like every conformance case, use flat.
/// </summary>
internal enum ApicMode
{
    /// <summary>flat / physflat: x2APIC SRAT entries with an id of 255 or more are ignored with a line.</summary>
    XApic,
    /// <summary>x2apic_phys / x2apic_cluster: every id is valid.</summary>
    X2Apic,
}

/// <summary>Everything x86_numa_init needs from the machine besides its memblock.</summary>
internal sealed record NumaInput
{
    /// <summary>The raw SRAT as the firmware provides it; null (or empty) when the machine has none.</summary>
    public ReadOnlyMemory<byte>? Srat { get; init; }

    /// <summary>The raw SLIT; null (or empty) when the machine has none.</summary>
    public ReadOnlyMemory<byte>? Slit { get; init; }

    /// <summary>numa= (off, noacpi): the only NUMA option of the command line this step reads, with acpi=off.</summary>
    public NumaMode Numa { get; init; } = NumaMode.Default;

    /// <summary>acpi=off: no ACPI tables at all, so the SRAT attempt fails before it starts.</summary>
    public bool AcpiOff { get; init; }

    /// <summary>numa=fake='s text (see <see cref="BootOptions.NumaFake"/>); null: no NUMA emulation.</summary>
    public string? NumaFake { get; init; }

    /// <summary>max_pfn: the end of RAM after mem=/memmap= (e820__end_of_ram_pfn).</summary>
    public required Pfn MaxPfn { get; init; }

    /// <summary>max_pfn_mapped: the end of the direct map, which bounds the SLIT distance table; on x86_64 max_pfn.</summary>
    public Pfn MaxPfnMapped
    {
        get => _maxPfnMapped ?? MaxPfn;
        init => _maxPfnMapped = value;
    }

    private readonly Pfn? _maxPfnMapped;

    /// <summary>The kernel build whose NUMA rules apply.</summary>
    public required Kernel.KernelModel Kernel { get; init; }

    /// <summary>The APIC driver's view of x2APIC ids (see <see cref="ApicMode"/>).</summary>
    public ApicMode ApicMode { get; init; } = ApicMode.XApic;
}
