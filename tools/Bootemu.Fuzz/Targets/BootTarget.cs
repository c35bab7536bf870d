using Bootemu.Cli;
using Bootemu.Core.Logging;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// The boot pipeline from a fuzzed SRAT and command line: <c>bootemu boot --srat F [--slit F] --cmdline "..."</c>
/// (RAM taken from the SRAT, as with no --e820) and one output format. The input is the command line, a newline,
/// then the SRAT; a "SLIT" signature after the SRAT's header starts a SLIT.
/// </summary>
/// <remarks>
/// The format is the input's length modulo the number of formats (and the block size probe the next bit of it). Rendering all seven per input cost more than the boot
/// itself (the text, JSON and picture formats each build the memory blocks and assess hot-remove readiness), which held
/// the target to about a hundred runs a second; one per input keeps every format reached, and a mutation that keeps the
/// length (bit flips, overwrites, interesting values) keeps the format its parent's coverage was measured with.
/// </remarks>
public sealed class BootTarget : FuzzTarget
{
    private readonly ScratchFolder _folder = new("boot");

    public override string Name => "boot";
    public override int MaxLength => 2048;
    public override string What => "command line + newline + SRAT [+ SLIT] through MachineBoot.Boot (the boot verb's path) and one output format (by input length)";
    public override bool HasAcpiTables => true;
    public override IReadOnlyList<string> Dictionary => [.. AcpiWords.Srat, .. AcpiWords.Slit, .. new CmdlineTarget().Dictionary];

    /// <summary>The output format an input is rendered in.</summary>
    public static string FormatFor(byte[] input) => BootCommand.Formats[input.Length % BootCommand.Formats.Length];

    /// <summary>
    /// The CPU the memory block size is probed on (--hypervisor or bare metal), the next bit of the length: a large
    /// machine gets 2 GiB blocks on bare metal and as small as 128 MiB under a hypervisor, and both probes are covered.
    /// </summary>
    public static bool HypervisorFor(byte[] input) => input.Length / BootCommand.Formats.Length % 2 == 0;

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
        BootCommand.Write(boot, FormatFor(input), HypervisorFor(input), TextWriter.Null);
    }
}
