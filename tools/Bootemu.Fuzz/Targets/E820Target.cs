using System.Text;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Logs;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A saved boot log as <c>bootemu boot --e820 FILE</c> reads it (<see cref="BootLogFacts.Parse"/>: the BIOS-e820 lines,
/// RAMDISK, the ACPI listing and reservations, the command line), then the map sanitised as the kernel does.
/// </summary>
public sealed class E820Target : FuzzTarget
{
    public override string Name => "e820";
    public override string What => "boot log text through BootLogFacts.Parse, the e820 map sanitised and the command line parsed";
    public override int MaxLength => 8192;
    public override IReadOnlyList<string> Dictionary =>
    [
        "BIOS-e820: ", "[mem ", "] ", "-0x", "0x", "usable", "reserved", "ACPI data", "ACPI NVS", "unusable", "persistent (type 7)",
        "soft reserved", "type 12", "RAMDISK: ", "ACPI: ", "Reserving ", " table memory at ", "SRAT", "SLIT", "RSDP", "XSDT",
        "Command line: ", "Linux version ", "[    0.000000] ", "\n", "\r\n", " (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
    ];

    public override void Run(byte[] input)
    {
        var facts = BootLogFacts.Parse(Encoding.UTF8.GetString(input), "fuzz.log");
        facts.BiosE820?.Sanitize();
        if (facts.CommandLine is { } cmdline) KernelCommandLine.Parse(cmdline);
    }
}
