using Bootemu.Acpi.Text;

namespace Bootemu.Machine.Fixtures;

/// <summary>
/// A real machine's files, read but not yet put together into a <see cref="MachineDescription"/>: what the file
/// options name (--srat, --acpidump, --e820, --slit) or what a live machine shows under its root. Each table carries
/// the name it is reported under.
/// </summary>
internal sealed record MachineFiles
{
    /// <summary>The machine's name in reports.</summary>
    public required string Name { get; init; }

    /// <summary>Where errors about the machine as a whole are reported ("" for the command line).</summary>
    public string Where { get; init; } = "";

    /// <summary>The error when nothing gives the machine its memory.</summary>
    public string NothingToBoot { get; init; } = "nothing to boot: give --e820 (a saved dmesg or console log), --srat or --acpidump";

    public ReadOnlyMemory<byte>? Srat { get; init; }

    public string? SratFrom { get; init; }

    public ReadOnlyMemory<byte>? Slit { get; init; }

    public string? SlitFrom { get; init; }

    /// <summary>The acpidump the tables came from, whose listing stands in for a log's ACPI lines.</summary>
    public AcpiDump? AcpiDump { get; init; }

    /// <summary>What the boot log gives away, or null without a log.</summary>
    public BootLogFacts? Log { get; init; }

    /// <summary>The firmware's e820 map as sysfs keeps it (/sys/firmware/memmap), used when the log has no BIOS-e820 lines.</summary>
    public E820Table? FirmwareMap { get; init; }

    /// <summary>Memory the kernel hot-added after the boot path, which the machine's files show beside the boot's map.</summary>
    public IReadOnlyList<MemoryDevice> MemoryDevices { get; init; } = [];

    /// <summary>The command line the kernel ran with (/proc/cmdline), in place of the log's; null to take the log's.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The running kernel's release, for a live machine.</summary>
    public string? RunningRelease { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
