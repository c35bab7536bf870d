using System.Text;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A kernel command line as <c>bootemu boot --cmdline</c> takes it: <see cref="KernelCommandLine.Parse"/>, then its
/// mem= and memmap= edits applied to a QEMU-like e820 map (RAM below 640 KiB, to 2 GiB and from 4 GiB to 6 GiB) as
/// the boot applies them.
/// </summary>
public sealed class CmdlineTarget : FuzzTarget
{
    private static readonly E820Table Map = new(
    [
        new E820Entry(0, 0x9fc00, E820Type.Ram),
        new E820Entry(0x9fc00, 0x400, E820Type.Reserved),
        new E820Entry(0xf0000, 0x10000, E820Type.Reserved),
        new E820Entry(0x100000, 0x7fee0000, E820Type.Ram),
        new E820Entry(0x7ffe0000, 0x20000, E820Type.Reserved),
        new E820Entry(0xfeffc000, 0x4000, E820Type.Reserved),
        new E820Entry(0xfffc0000, 0x40000, E820Type.Reserved),
        new E820Entry(0x100000000, 0x80000000, E820Type.Ram),
    ]);

    public override string Name => "cmdline";
    public override string What => "kernel command line through KernelCommandLine.Parse and E820Table.ApplyCommandLine";
    public override int MaxLength => 2048;
    public override IReadOnlyList<string> Dictionary =>
    [
        "mem=", "memmap=", "movable_node", "kernelcore=", "movablecore=", "mirror", "memblock=debug", "numa=off", "numa=fake=",
        "numa=noacpi", "acpi=off", "acpi_numa=off", "nosmp", "maxcpus=", "nr_cpus=", "possible_cpus=", "initrd=", "noinitrd",
        "memhp_default_state=", "online", "online_kernel", "online_movable", "offline", "exactmap", "nopentium", "--", "\"",
        "=", " ", "\t", "\n", ",", "@", "$", "#", "!", "%", "K", "M", "G", "T", "P", "E", "0x", "-", "_",
    ];

    public override void Run(byte[] input)
    {
        var options = KernelCommandLine.Parse(Encoding.UTF8.GetString(input));
        Map.ApplyCommandLine(options, new KernelLog());
    }
}
