using BenchmarkDotNet.Running;
using Bootemu.Benchmarks;

// dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*'
// dotnet run -c Release --project tools/Bootemu.Benchmarks -- cpu-time Boot|BootAndOfflineNode1 [SECONDS]
if (args is ["cpu-time", .. var rest]) return DefaultMachineCpuTime.Run(rest);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
