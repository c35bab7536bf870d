using Bootemu.Boot.Kernel;
using BenchmarkDotNet.Attributes;
using Bootemu.Boot;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Machine.Generation;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Benchmarks;

/// <summary>
/// BootPipeline.Run in-process on generated machines: 1,024 nodes covering 64 TiB (half of them
/// hot-pluggable, movable_node) with 1, 4, 16 or 64 SRAT memory entries per node. Above 2,048
/// entries the kernel refuses the SRAT ("too many memblk ranges") and boots one fake node, which
/// bootemu does too. The machine is generated outside the measurement.
///   dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*BootPipelineBenchmarks*'
/// Whole-process timing of the NativeAOT CLI: tools/boot-timing.sh.
/// </summary>
[Config(typeof(MemblockBenchmarks.InProcessMonitoring))]
public class BootPipelineBenchmarks
{
    [Params(1, 4, 16, 64)]
    public int EntriesPerNode { get; set; }

    private MachineDescription _machine = null!;
    private BootOptions _options = null!;

    [GlobalSetup]
    public void Generate()
    {
        _machine = MachineGenerator.Generate(new MachineGeneratorOptions
        {
            Nodes = 1024,
            EntriesPerNode = EntriesPerNode,
            Total = (64UL << 40) - (4UL << 30),
            HotplugShare = 0.5,
        }).Machine;
        _options = KernelCommandLine.Parse(_machine.CommandLine);
    }

    [Benchmark]
    public int Boot() => BootPipeline.Run(_machine, _options, new KernelLog(), KernelModel.Default).Log.Count;
}
