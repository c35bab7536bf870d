using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Bootemu.Memblock;

namespace Bootemu.Benchmarks;

// Bootemu.Memblock is also a namespace; inside namespace Bootemu.* the alias must sit here to win.
using Memblock = Bootemu.Memblock.Memblock;

/// <summary>
/// 100,000 mixed memblock calls (reserve, free, allocate, mark/clear hotplug, set_node, remove,
/// add) on a memblock that starts with 16,384 memory regions (1 MiB each, 1 MiB apart, four nodes).
/// Each iteration starts from a freshly built memblock (built outside the measurement) and replays
/// the same pre-generated calls, so runs are comparable.
///   dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*MemblockBenchmarks*'
/// </summary>
[Config(typeof(MemblockBenchmarks.InProcessMonitoring))]
public class MemblockBenchmarks
{
    /// <summary>In-process (no separate build of the benchmark project), five measured one-shot iterations.</summary>
    public sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithInvocationCount(1).WithUnrollFactor(1));
    }

    public const int Regions = 16_384;
    public const int Operations = 100_000;
    private const ulong MiB = 1UL << 20;
    private const ulong Span = Regions * 2 * MiB;

    private enum Kind { Reserve, Free, Alloc, MarkHotplug, ClearHotplug, SetNode, Remove, Add }

    private readonly record struct Call(Kind Kind, ulong Base, ulong Size, int Nid);

    private Call[] _calls = [];
    private Memblock _memblock = new();

    [GlobalSetup]
    public void GenerateCalls()
    {
        var random = new Random(20230101);
        _calls = new Call[Operations];
        for (int i = 0; i < Operations; i++)
        {
            int roll = random.Next(100);
            var kind = roll switch
            {
                < 25 => Kind.Reserve,
                < 45 => Kind.Free,
                < 60 => Kind.Alloc,
                < 70 => Kind.MarkHotplug,
                < 80 => Kind.ClearHotplug,
                < 90 => Kind.SetNode,
                < 95 => Kind.Remove,
                _ => Kind.Add,
            };
            ulong size = kind == Kind.Alloc || kind == Kind.Reserve
                ? (ulong)random.Next(1, 17) * 4096
                : (ulong)random.Next(1, 1024) * 4096;
            ulong @base = (ulong)random.NextInt64(0, (long)(Span / 4096)) * 4096;
            _calls[i] = new Call(kind, @base, size, random.Next(-1, 4));
        }
    }

    /// <summary>The starting memblock: 16,384 regions on four nodes, resizable, top-down.</summary>
    public static Memblock BuildStartingMemblock()
    {
        var mb = new Memblock();
        mb.AllowResize();
        for (int i = 0; i < Regions; i++)
            mb.AddNode((ulong)i * 2 * MiB, MiB, i * 4 / Regions, MemblockFlags.None);
        return mb;
    }

    [IterationSetup]
    public void BuildMemblock() => _memblock = BuildStartingMemblock();

    [Benchmark(OperationsPerInvoke = Operations)]
    public int MixedCalls()
    {
        var mb = _memblock;
        int failures = 0;
        foreach (var c in _calls)
        {
            switch (c.Kind)
            {
                case Kind.Reserve: failures += mb.Reserve(c.Base, c.Size) != 0 ? 1 : 0; break;
                case Kind.Free: mb.PhysFree(c.Base, c.Size); break;
                case Kind.Alloc: failures += mb.AllocTryNid(c.Size, 4096, 0, Memblock.AllocAccessible, c.Nid) == 0 ? 1 : 0; break;
                case Kind.MarkHotplug: mb.MarkHotplug(c.Base, c.Size); break;
                case Kind.ClearHotplug: mb.ClearHotplug(c.Base, c.Size); break;
                case Kind.SetNode: mb.SetNode(c.Base, c.Size, MemblockTypeKind.Memory, Math.Max(c.Nid, 0)); break;
                case Kind.Remove: mb.Remove(c.Base, c.Size); break;
                case Kind.Add: mb.AddNode(c.Base, c.Size, Math.Max(c.Nid, 0), MemblockFlags.None); break;
            }
        }
        return failures;
    }
}
