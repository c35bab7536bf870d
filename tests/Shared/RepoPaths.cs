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

    /// <summary>The kernel of tests/conformance, the set most tests read.</summary>
    public const string Linux61 = "6.1";

    /// <summary>The kernel of tests/conformance-6.12: the same inputs booted on Linux 6.12.118.</summary>
    public const string Linux612 = "6.12";

    /// <summary>Every kernel with a conformance set, oldest first.</summary>
    public static IReadOnlyList<string> ConformanceKernels { get; } = [Linux61, Linux612];

    /// <summary>The folder of one kernel's conformance set.</summary>
    public static string ConformanceSet(string kernel) => kernel switch
    {
        Linux61 => Conformance,
        Linux612 => Path.Combine(Root, "tests", "conformance-6.12"),
        _ => throw new ArgumentException($"no conformance set for Linux {kernel}", nameof(kernel)),
    };

    public static string ConformanceCase(string name, string kernel = Linux61) => Path.Combine(ConformanceSet(kernel), name);

    /// <summary>Names of every Linux 6.1 conformance case, sorted (a parameterless test case source).</summary>
    public static IEnumerable<string> ConformanceCases() => CasesOf(Linux61);

    /// <summary>Names of the Linux 6.1 conformance cases that have an SRAT binary (a parameterless test case source).</summary>
    public static IEnumerable<string> ConformanceCasesWithSrat() => CasesWithSratOf(Linux61);

    /// <summary>Names of every conformance case folder of one kernel's set, sorted.</summary>
    public static IEnumerable<string> CasesOf(string kernel) =>
        Directory.GetDirectories(ConformanceSet(kernel)).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>Names of the conformance cases that have an SRAT binary.</summary>
    public static IEnumerable<string> CasesWithSratOf(string kernel) =>
        CasesOf(kernel).Where(c => File.Exists(Path.Combine(ConformanceSet(kernel), c, "srat.bin")));

    /// <summary>Every case of every kernel's set, as (kernel, case) pairs: the suites that judge both kernels.</summary>
    public static IEnumerable<object[]> KernelConformanceCases() =>
        from k in ConformanceKernels from c in CasesOf(k) select new object[] { k, c };

    /// <summary>As <see cref="KernelConformanceCases"/>, the cases with an SRAT binary only.</summary>
    public static IEnumerable<object[]> KernelConformanceCasesWithSrat() =>
        from k in ConformanceKernels from c in CasesWithSratOf(k) select new object[] { k, c };

    /// <summary>tests/conformance-hotplug: Linux 6.1 boots under QEMU followed by runtime memory hotplug operations.</summary>
    public static string ConformanceHotplug => Path.Combine(Root, "tests", "conformance-hotplug");

    /// <summary>Names of every runtime-hotplug case, sorted.</summary>
    public static IEnumerable<string> HotplugCases() =>
        Directory.GetDirectories(ConformanceHotplug).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal);

    public static string FirmwareTables => Path.Combine(Root, "firmware-tables");
}
