using BenchmarkDotNet.Attributes;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;

namespace Bootemu.Benchmarks;

/// <summary>
/// Decoding and validating a large SRAT: 65,536 memory affinity entries (2.6 MB) over 64 domains.
/// Throughput in MB/s is the table size divided by the mean time.
/// Run: dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*SratDecode*'
/// </summary>
[MemoryDiagnoser, MinColumn]
public class SratDecodeBenchmarks
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

    /// <summary>Size of the table in bytes, for the MB/s figure.</summary>
    public int TableBytes => _table.Length;

    [Benchmark(Baseline = true)]
    public int Decode() => Srat.Decode(_table).Subtables.Length;

    [Benchmark]
    public int DecodeAndCheck() => SratChecker.Check(_table).Count;
}
