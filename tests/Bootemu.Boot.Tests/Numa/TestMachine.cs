using Bootemu.Boot.Numa;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// A small machine for hand-made tables: RAM ranges in memblock.memory, the first 1 MiB and the kernel image at
/// 16 MiB reserved (as every x86_64 boot has them before NUMA init), current_limit at the end of RAM.
/// </summary>
internal sealed class TestMachine
{
    public const ulong G = 1UL << 30;
    public const ulong M = 1UL << 20;

    public TestMachine(params (ulong Start, ulong End)[] ram)
    {
        Memblock = new Memblock.Memblock(Log);
        Memblock.AllowResize();
        foreach (var (start, end) in ram)
            Memblock.Add(start, end - start);
        Memblock.Reserve(0, M);
        Memblock.Reserve(16 * M, 52 * M);
        MaxPfn = Pfn.Down(ram.Max(r => r.End));
        Memblock.CurrentLimit = MaxPfn.Address;
    }

    /// <summary>The usual two-node test machine: RAM [1 MiB, 2 GiB) and [4 GiB, 6 GiB).</summary>
    public static TestMachine TwoRanges() => new((M, 2 * G), (4 * G, 6 * G));

    public KernelLog Log { get; } = new();

    public Memblock.Memblock Memblock { get; }

    public Pfn MaxPfn { get; }

    /// <summary>The kernel whose NUMA rules run (default: 6.1, the kernel most of these tests were checked against).</summary>
    public Bootemu.Boot.Kernel.KernelModel Kernel { get; init; } = Bootemu.Boot.Kernel.KernelModel.Linux61;

    public NumaResult Run(byte[]? srat, byte[]? slit = null, BootOptions? options = null, ApicMode apicMode = ApicMode.XApic)
    {
        options ??= new BootOptions();
        Memblock.BottomUp = options.MovableNode;
        Memblock.MovableNode = options.MovableNode;
        return X86NumaInit.Run(new NumaInput
        {
            Srat = srat,
            Slit = slit,
            Numa = options.Numa,
            AcpiOff = options.AcpiOff,
            MaxPfn = MaxPfn,
            ApicMode = apicMode,
            Kernel = Kernel,
        }, Memblock, Log);
    }

    public List<string> Lines => Log.Lines.Select(l => l.Text).ToList();

    /// <summary>The lines of the NUMA families only (memblock's own lines left out).</summary>
    public List<string> NumaLines => NumaLineFamilies.Select(Lines);
}
