using Bootemu.Acpi.Srat;
using Bootemu.Core;

namespace Bootemu.Machine;

/// <summary>
/// A machine to boot: the firmware tables exactly as the kernel would find them, the firmware e820
/// map, where the boot loader put the kernel and the initrd, and where the ACPI tables sit. Built by
/// <see cref="MachineLoader"/> from a YAML fixture or from raw files; the boot pipeline reads it and
/// never changes it. Address ranges are [Start, End).
/// </summary>
public sealed record MachineDescription
{
    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>The raw ACPI SRAT (header included), or null when the machine has none.</summary>
    public ReadOnlyMemory<byte>? Srat
    {
        get;
        init
        {
            field = value;
            SratSubtables = DecodeLeniently(value);
        }
    }

    /// <summary>
    /// The SRAT's subtables, read as far as the table can be read; empty without an SRAT or when its header cannot be
    /// read. Decoded with the bytes, once per machine, for what a boot takes from the SRAT besides the kernel's own walk
    /// of the raw bytes (the CPUs it lists, the hot-pluggable ranges): a machine booted thousands of times is decoded once.
    /// </summary>
    public IReadOnlyList<SratSubtable> SratSubtables { get; private init; } = Array.Empty<SratSubtable>();

    private static IReadOnlyList<SratSubtable> DecodeLeniently(ReadOnlyMemory<byte>? srat)
    {
        if (srat is not { } bytes) return Array.Empty<SratSubtable>();
        try
        {
            return SratReader.ReadLenient(bytes.Span).Table.Subtables;
        }
        catch (InputException)
        {
            return Array.Empty<SratSubtable>();
        }
    }

    /// <summary>The raw ACPI SLIT, or null.</summary>
    public ReadOnlyMemory<byte>? Slit { get; init; }

    /// <summary>The e820 map as the firmware hands it over (not yet sanitised).</summary>
    public E820Table BiosE820 { get; init; } = E820Table.Empty;

    /// <summary>True when the fixture had no e820 map and RAM was taken from the SRAT's enabled memory ranges.</summary>
    public bool E820DerivedFromSrat { get; init; }

    /// <summary>The machine's default kernel command line (the CLI's --cmdline replaces it).</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>The kernel version the fixture asks to emulate (its <c>kernel:</c> key), or null for bootemu's default.</summary>
    public KernelChoice? Kernel { get; init; }

    /// <summary>
    /// The release of the kernel that booted the machine these files came from (its <c>uname -r</c>), for a live
    /// machine; null for fixtures and saved files. Picks the kernel model when neither --kernel nor a fixture does.
    /// </summary>
    public string? RunningRelease { get; init; }

    /// <summary>The kernel image [_text, _end); null means the pipeline's default (16 MiB, as with nokaslr).</summary>
    public (ulong Start, ulong End)? KernelImage { get; init; }

    /// <summary>How many CPUs a boot log says are possible (<c>setup_percpu: ... nr_cpu_ids:N</c>), or null.</summary>
    public int? PossibleCpus { get; init; }

    /// <summary>The initrd the boot loader loaded, or null.</summary>
    public (ulong Start, ulong End)? Initrd { get; init; }

    /// <summary>The ACPI tables the kernel reserves in memblock (acpi_reserve_initial_tables), in the kernel's order.</summary>
    public IReadOnlyList<AcpiTableLocation> AcpiTables { get; init; } = Array.Empty<AcpiTableLocation>();

    /// <summary>Ranges the SRAT describes that hold no memory at boot (hot-add capacity, like QEMU device memory).</summary>
    public IReadOnlyList<(ulong Base, ulong Size)> NotPopulatedAtBoot { get; init; } = Array.Empty<(ulong, ulong)>();

    /// <summary>ACPI memory devices present at boot, which the kernel hot-adds during acpi_init.</summary>
    public IReadOnlyList<MemoryDevice> MemoryDevices { get; init; } = Array.Empty<MemoryDevice>();

    /// <summary>bootemu's one-line notes about how the machine was put together.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
}

/// <summary>A kernel version as the user wrote it, and where (a fixture's YAML line and column, or a command-line option).</summary>
public sealed record KernelChoice(string Version, string Location);
