using System.Text;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A machine fixture as <c>bootemu boot FIXTURE</c> loads it (<see cref="MachineLoader.LoadFixture(string, string, string)"/>),
/// then its command line parsed. Relative file references resolve in an empty folder of the fuzzer's own.
/// </summary>
public sealed class FixtureTarget : FuzzTarget
{
    private readonly ScratchFolder _folder = new("fixture");

    public override string Name => "fixture";
    public override string What => "machine fixture YAML through MachineLoader.LoadFixture and KernelCommandLine.Parse";
    public override int MaxLength => 8192;
    public override IReadOnlyList<string> Dictionary =>
    [
        .. AcpiWords.Srat, .. AcpiWords.Slit, "name", "description", "cmdline", "kernel", "initrd", "e820", "srat", "slit",
        "acpi_tables", "not_populated_at_boot", "file", "start", "end", "usable", "reserved", "ACPI data", "ACPI NVS",
        "unusable", "persistent", "soft reserved", "{file: srat.bin}", "- ", ": ", "[", "]", "{", "}", "&a", "*a", "!!str",
    ];

    public override void Run(byte[] input)
    {
        var machine = MachineLoader.LoadFixture(Encoding.UTF8.GetString(input), "fuzz.yaml", _folder.Path);
        KernelCommandLine.Parse(machine.CommandLine);
    }
}
