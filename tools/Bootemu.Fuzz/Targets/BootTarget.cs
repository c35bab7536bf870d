using Bootemu.Cli;
using Bootemu.Core.Logging;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// The boot pipeline from a fuzzed SRAT and command line: <c>bootemu boot --srat F [--slit F] --cmdline "..."</c>
/// (RAM taken from the SRAT, as with no --e820) and every output format. The input is the command line, a newline,
/// then the SRAT; a "SLIT" signature after the SRAT's header starts a SLIT.
/// </summary>
public sealed class BootTarget : FuzzTarget
{
    private readonly ScratchFolder _folder = new("boot");

    public override string Name => "boot";
    public override int MaxLength => 2048;
    public override string What => "command line + newline + SRAT [+ SLIT] through MachineBoot.Boot (the boot verb's path) and every output";
    public override bool HasAcpiTables => true;
    public override IReadOnlyList<string> Dictionary => [.. AcpiWords.Srat, .. AcpiWords.Slit, .. new CmdlineTarget().Dictionary];

    public override void Run(byte[] input)
    {
        int newline = Array.IndexOf(input, (byte)'\n');
        string cmdline = System.Text.Encoding.UTF8.GetString(input, 0, Math.Max(newline, 0));
        var tables = newline < 0 ? input : input[(newline + 1)..];
        int slitAt = tables.AsSpan().Length > 36 ? tables.AsSpan(36).IndexOf("SLIT"u8) : -1;
        string srat = Path.Combine(_folder.Path, "srat.bin"), slit = Path.Combine(_folder.Path, "slit.bin");
        File.WriteAllBytes(srat, slitAt < 0 ? tables : tables[..(36 + slitAt)]);
        if (slitAt >= 0) File.WriteAllBytes(slit, tables[(36 + slitAt)..]);
        var boot = MachineBoot.Boot(new MachineSource(null, srat, null, null, slitAt >= 0 ? slit : null, cmdline), new KernelLog());
        foreach (var format in BootCommand.Formats) BootCommand.Write(boot, format, hypervisor: true, TextWriter.Null);
    }
}
