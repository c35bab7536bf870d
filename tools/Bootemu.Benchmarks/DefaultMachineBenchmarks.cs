using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Benchmarks;

/// <summary>
/// One boot of the machine `bootemu boot` runs with no arguments (firmware-tables/two-socket-hotplug.yaml, embedded
/// here as in the CLI), in-process: the fixture and its command line are parsed once, outside the measurement, as a
/// caller that boots the same machine thousands of times (the advise command) does. <see cref="Boot"/> is
/// BootPipeline.Run alone; <see cref="BootAndOfflineNode1"/> adds the hotplug layer's start-up from the boot
/// (BootMemoryBlocks.FromBoot) and a one-step script, <c>offline_node: 1</c>. The target is 100 µs per boot.
///   dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*DefaultMachineBenchmarks*'
/// On a loaded machine, CPU time per call instead of wall time: <see cref="DefaultMachineCpuTime"/>. Figures: README.
/// </summary>
[MemoryDiagnoser, Config(typeof(InProcessThroughput))]
public class DefaultMachineBenchmarks
{
    /// <summary>In-process (no separate build of the benchmark project), BenchmarkDotNet's own choice of iterations.</summary>
    public sealed class InProcessThroughput : ManualConfig
    {
        public InProcessThroughput() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private const string DefaultMachineResource = "default-machine.yaml";

    private MachineDescription _machine = null!;
    private BootOptions _options = null!;
    private KernelModel _kernel = null!;
    private HotplugScript _offlineNode1 = null!;

    [GlobalSetup]
    public void Parse()
    {
        using var stream = typeof(DefaultMachineBenchmarks).Assembly.GetManifestResourceStream(DefaultMachineResource)
            ?? throw new InvalidOperationException($"the benchmark assembly lacks the embedded {DefaultMachineResource}");
        using var reader = new StreamReader(stream);
        _machine = MachineLoader.LoadFixture(reader.ReadToEnd(), DefaultMachineResource, AppContext.BaseDirectory);
        _kernel = KernelModel.Default;
        _options = KernelCommandLine.Parse(_machine.CommandLine, _kernel.CommandLine);
        _offlineNode1 = HotplugScript.Parse("steps:\n  - offline_node: 1\n", "offline-node-1.yaml");
    }

    [Benchmark]
    public int Boot() => BootPipeline.Run(_machine, _options, new KernelLog(), _kernel).Log.Count;

    [Benchmark]
    public bool BootAndOfflineNode1()
    {
        var log = new KernelLog();
        var boot = BootPipeline.Run(_machine, _options, log, _kernel);
        var machine = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), log);
        return HotplugScriptRunner.Run(machine, _offlineNode1, keepGoing: false, log).AllSucceeded;
    }
}
