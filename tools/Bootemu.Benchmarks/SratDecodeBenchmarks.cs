using BenchmarkDotNet.Attributes;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;

namespace Bootemu.Benchmarks;

/// <summary>
/// Decoding and validating a large SRAT: 65,536 memory affinity entries (2.6 MB) over 64 domains, a quarter of
/// them hot-pluggable. The MB/s column is the table size divided by the mean time.
/// <list type="bullet">
/// <item><see cref="Decode"/>: <c>bootemu srat decode</c>'s read, building and keeping the whole model.</item>
/// <item><see cref="Check"/>: <c>bootemu srat check</c>: every entry decoded as the walk reaches it and every check
/// run on it; nothing kept.</item>
/// <item><see cref="DecodeThenCheck"/>: both, one after the other: the model built and kept, and all findings.</item>
/// </list>
/// Run: dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*SratDecode*'
/// The GC runs as in the shipped CLI, non-concurrent (src/Bootemu.Cli/Bootemu.Cli.csproj says why); README gives
/// the figures with the runtime's default (concurrent) GC too.
/// </summary>
[MemoryDiagnoser, MinColumn, Config(typeof(ThroughputConfig)), GcConcurrent(false)]
public class SratDecodeBenchmarks : ITableSize
{
    public const int Entries = 65_536;

    private byte[] _table = [];

    [GlobalSetup]
    public void Build()
    {
        var header = new AcpiTableHeader("SRAT", 0, 3, null, "BOOTEM", "BIGTABLE", 1, "BEMU", 1);
        var entries = new SratSubtable[Entries];
        const ulong size = 64UL << 20;
        for (int i = 0; i < Entries; i++)
            entries[i] = new MemoryAffinity
            {
                ProximityDomain = (uint)(i / (Entries / 64)),
                BaseAddress = (ulong)i * size,
                Length = size,
                Flags = MemoryAffinityFlags.Enabled | (i % 4 == 3 ? MemoryAffinityFlags.HotPluggable : 0),
            };
        _table = Srat.Create(header, 1, 0, entries).Encode();
    }

    public int TableBytes => _table.Length;

    [Benchmark(Baseline = true)]
    public int Decode() => Srat.Decode(_table).Subtables.Length;

    [Benchmark]
    public int Check() => SratChecker.Check(_table).Count;

    [Benchmark]
    public int DecodeThenCheck() => Srat.Decode(_table).Subtables.Length + SratChecker.Check(_table).Count;
}
