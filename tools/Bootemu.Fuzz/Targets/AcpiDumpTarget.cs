using System.Text;
using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Text;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// acpidump text as <c>bootemu boot --acpidump FILE</c> takes it: <see cref="AcpiDump.Parse"/>, the SRAT picked out,
/// the SLIT if there is one, both read the way the boot reads them (leniently) and checked.
/// </summary>
public sealed class AcpiDumpTarget : FuzzTarget
{
    public override string Name => "acpidump";
    public override string What => "acpidump text through AcpiDump.Parse, then its SRAT and SLIT read and checked";
    public override int MaxLength => 16384;
    public override IReadOnlyList<string> Dictionary => [.. AcpiWords.Srat, .. AcpiWords.Slit, "DSDT", "FACP", "APIC", "XSDT", "RSDP", "    00", ": ", "  "];

    public override void Run(byte[] input)
    {
        var dump = AcpiDump.Parse(Encoding.UTF8.GetString(input), "fuzz.acpidump");
        var srat = dump.Table("SRAT").Bytes;
        SratReader.ReadLenient(srat);
        SratChecker.Check(srat);
        if (dump.Tables.FirstOrDefault(t => t.Signature == "SLIT") is { } slit)
        {
            Slit.ReadLenient(slit.Bytes);
            SlitChecker.Check(slit.Bytes);
        }
    }
}
