using BenchmarkDotNet.Running;

// dotnet run -c Release --project tools/Bootemu.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
