namespace Bootemu.Tests.Shared;

/// <summary>Locates the repository's test data from a test assembly's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        foreach (var meta in typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>())
            if (meta.Key == "BootemuRepoRoot" && meta.Value is { } stamped && File.Exists(Path.Combine(stamped, "Boot.sln"))) return stamped;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Boot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Boot.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding Boot.sln).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>tests/conformance: real Linux 6.1 boots under QEMU.</summary>
    public static string Conformance => Path.Combine(Root, "tests", "conformance");

    public static string ConformanceCase(string name) => Path.Combine(Conformance, name);

    /// <summary>Names of every conformance case folder, sorted.</summary>
    public static IEnumerable<string> ConformanceCases() =>
        Directory.GetDirectories(Conformance).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>Names of the conformance cases that have an SRAT binary.</summary>
    public static IEnumerable<string> ConformanceCasesWithSrat() =>
        ConformanceCases().Where(c => File.Exists(Path.Combine(Conformance, c, "srat.bin")));

    public static string FirmwareTables => Path.Combine(Root, "firmware-tables");
}
