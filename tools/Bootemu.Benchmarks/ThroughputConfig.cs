using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bootemu.Benchmarks;

/// <summary>A benchmark class whose every benchmark processes one input of a known size.</summary>
public interface ITableSize
{
    /// <summary>Bytes of input each benchmark call processes (valid after global setup).</summary>
    int TableBytes { get; }
}

/// <summary>Adds an "MB/s" column: the input size of an <see cref="ITableSize"/> benchmark over its mean time.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "input megabytes (10^6 bytes) per second of mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is not double nanoseconds || nanoseconds <= 0) return "-";
            // The size is a property of the benchmark's own instance after setup; a fresh instance set up the same way gives it.
            var instance = (ITableSize)Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
            benchmarkCase.Descriptor.GlobalSetupMethod?.Invoke(instance, null);
            return (instance.TableBytes / (nanoseconds / 1e9) / 1e6).ToString("F0");
        }
    }
}
