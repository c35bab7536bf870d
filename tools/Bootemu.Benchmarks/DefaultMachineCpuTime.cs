using System.Diagnostics;

namespace Bootemu.Benchmarks;

/// <summary>
/// The benchmarks of <see cref="DefaultMachineBenchmarks"/> timed by the process's CPU time instead of the wall clock,
/// for a shared machine whose load makes BenchmarkDotNet's wall-clock figures meaningless: the load steals wall time
/// from the process, not CPU time. Runs one benchmark in a loop for the given seconds and prints the CPU microseconds
/// per call of every 2-second stretch (the first ones still run code the JIT has not finished optimising), with the
/// bytes allocated per call and the gen-0 collections they cost.
///   dotnet run -c Release --project tools/Bootemu.Benchmarks -- cpu-time Boot|BootAndOfflineNode1 [SECONDS]
/// </summary>
internal static class DefaultMachineCpuTime
{
    public static int Run(string[] args)
    {
        var benchmarks = new DefaultMachineBenchmarks();
        benchmarks.Parse();
        Func<object> call = args.FirstOrDefault() switch
        {
            nameof(DefaultMachineBenchmarks.Boot) => () => benchmarks.Boot(),
            nameof(DefaultMachineBenchmarks.BootAndOfflineNode1) => () => benchmarks.BootAndOfflineNode1(),
            _ => throw new ArgumentException("cpu-time Boot|BootAndOfflineNode1 [SECONDS]"),
        };
        double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        var stretch = Stopwatch.StartNew();
        var cpuAtStart = process.TotalProcessorTime;
        int gen0AtStart = GC.CollectionCount(0);
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        long calls = 0;
        double best = double.MaxValue;
        while (total.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 100; i++) call();
            calls += 100;
            if (stretch.Elapsed.TotalSeconds < 2) continue;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            double perCall = (cpu - cpuAtStart).TotalMicroseconds / calls;
            best = Math.Min(best, perCall);
            int gen0 = GC.CollectionCount(0);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"{args[0]}: {perCall:F1} us CPU per call ({stretch.Elapsed.TotalMicroseconds / calls:F1} us wall), {calls} calls, " +
                              $"{(allocated - allocatedAtStart) / calls / 1024.0:F1} KB allocated per call, {1000.0 * (gen0 - gen0AtStart) / calls:F1} gen-0 collections per 1,000 calls");
            stretch.Restart();
            cpuAtStart = cpu;
            gen0AtStart = gen0;
            allocatedAtStart = allocated;
            calls = 0;
        }
        Console.WriteLine($"{args[0]}: best {best:F1} us CPU per call");
        return 0;
    }
}
