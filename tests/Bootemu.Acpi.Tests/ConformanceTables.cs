using Bootemu.Tests.Shared;

namespace Bootemu.Acpi.Tests;

/// <summary>The SRAT of each conformance case (a real Linux 6.1 boot) and what the kernel and iasl said about it.</summary>
public static class ConformanceTables
{
    public static IEnumerable<string> Cases() => RepoPaths.ConformanceCasesWithSrat();

    public static byte[] Srat(string c) => File.ReadAllBytes(Path.Combine(RepoPaths.ConformanceCase(c), "srat.bin"));

    public static string ConsoleLog(string c) => File.ReadAllText(Path.Combine(RepoPaths.ConformanceCase(c), "console.log"));

    public static string IaslListing(string c) => File.ReadAllText(Path.Combine(RepoPaths.ConformanceCase(c), "srat.dsl"));
}
