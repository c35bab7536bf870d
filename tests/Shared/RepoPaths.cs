namespace Bootemu.Tests.Shared;

/// <summary>The sets of real boots, each booted on every kernel of <see cref="RepoPaths.ConformanceKernels"/>.</summary>
public enum ConformanceSuite
{
    /// <summary>tests/conformance (6.1) and tests/conformance-6.12: the 18 boot cases.</summary>
    Boots,

    /// <summary>tests/conformance-fake/&lt;kernel&gt;: numa=fake=, memmap=..!.. and cma= on the machines of three boot cases.</summary>
    NumaFake,
}

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

    /// <summary>Every suite of real boots.</summary>
    public static IReadOnlyList<ConformanceSuite> ConformanceSuites { get; } = [ConformanceSuite.Boots, ConformanceSuite.NumaFake];

    /// <summary>The folder of one kernel's conformance set in <paramref name="suite"/>.</summary>
    public static string ConformanceSet(string kernel, ConformanceSuite suite = ConformanceSuite.Boots) => (suite, kernel) switch
    {
        (ConformanceSuite.Boots, Linux61) => Conformance,
        (ConformanceSuite.Boots, Linux612) => Path.Combine(Root, "tests", "conformance-6.12"),
        (ConformanceSuite.NumaFake, Linux61 or Linux612) => Path.Combine(Root, "tests", "conformance-fake", kernel),
        _ => throw new ArgumentException($"no conformance set for Linux {kernel}", nameof(kernel)),
    };

    public static string ConformanceCase(string name, string kernel = Linux61, ConformanceSuite suite = ConformanceSuite.Boots) =>
        Path.Combine(ConformanceSet(kernel, suite), name);

    /// <summary>Names of every Linux 6.1 conformance case, sorted (a parameterless test case source).</summary>
    public static IEnumerable<string> ConformanceCases() => CasesOf(Linux61);

    /// <summary>Names of the Linux 6.1 conformance cases that have an SRAT binary (a parameterless test case source).</summary>
    public static IEnumerable<string> ConformanceCasesWithSrat() => CasesWithSratOf(Linux61);

    /// <summary>Names of every conformance case folder of one kernel's set, sorted.</summary>
    public static IEnumerable<string> CasesOf(string kernel, ConformanceSuite suite = ConformanceSuite.Boots) =>
        Directory.GetDirectories(ConformanceSet(kernel, suite)).Select(Path.GetFileName).OfType<string>().OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>Names of the conformance cases that have an SRAT binary.</summary>
    public static IEnumerable<string> CasesWithSratOf(string kernel, ConformanceSuite suite = ConformanceSuite.Boots) =>
        CasesOf(kernel, suite).Where(c => File.Exists(Path.Combine(ConformanceSet(kernel, suite), c, "srat.bin")));

    /// <summary>Every case of every suite and kernel, as (suite, kernel, case): the suites that judge all real boots.</summary>
    public static IEnumerable<object[]> SuiteConformanceCases() =>
        from s in ConformanceSuites from k in ConformanceKernels from c in CasesOf(k, s) select new object[] { s, k, c };

    /// <summary>
    /// The cases the block-table suites judge, as (suite, kernel, case): those of the boot suite with an SRAT (as
    /// <see cref="KernelConformanceCasesWithSrat"/>) and every NUMA-emulation case, with or without one.
    /// </summary>
    public static IEnumerable<object[]> SuiteConformanceCasesWithBlockTable() =>
        from s in ConformanceSuites from k in ConformanceKernels
        from c in s == ConformanceSuite.Boots ? CasesWithSratOf(k, s) : CasesOf(k, s)
        select new object[] { s, k, c };

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

    /// <summary>tests/live/NAME: a copy of a live machine's files in the layout `bootemu boot --live` reads.</summary>
    public static string LiveCopy(string name) => Path.Combine(Root, "tests", "live", name);

    public static string FirmwareTables => Path.Combine(Root, "firmware-tables");
}
