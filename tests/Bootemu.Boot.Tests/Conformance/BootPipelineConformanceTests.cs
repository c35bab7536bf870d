using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Tests.Shared;
using NUnit.Framework;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Boot.Tests.Conformance;

/// <summary>
/// BootPipeline against the real boots of both kernels (18 of Linux 6.1, the same 18 inputs on Linux 6.12, and the 13
/// numa=fake=/memmap=/cma= boots of tests/conformance-fake on each), each case run with the kernel that booted it: the machine is replayed from the case's srat.bin and console.log (BIOS-e820,
/// RAMDISK, ACPI reservations) with the boot's own command line, and every emulated family of lines must equal the
/// kernel's, in order.
/// </summary>
public class BootPipelineConformanceTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from s in RepoPaths.ConformanceSuites
        from k in RepoPaths.ConformanceKernels
        from c in RepoPaths.CasesOf(k, s)
        from g in DmesgFamilies.Groups.Keys
        select new TestCaseData(s, k, c, g).SetName($"{k} {c} {g}");

    [TestCaseSource(nameof(Cases))]
    public void Dmesg_family_matches_the_real_boot(ConformanceSuite suite, string kernel, string caseName, string family)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        IReadOnlyList<string> real = c.KernelLines;
        IReadOnlyList<string> emulated = Boot(c).Log.Select(l => l.Text).ToList();
        var regex = DmesgFamilies.Groups[family];
        if (family == "memblock")
        {
            // The kernel's memblock=debug trace goes on long after setup_arch with calls bootemu does
            // not emulate (HPET, e820 resources, ...): compare everything up to "Zone ranges:", except
            // the MP-table scan (smp_scan_config), whose table address is in no input.
            real = UpToZoneRanges(real).Where(l => !l.Contains("smp_scan_config", StringComparison.Ordinal)).ToList();
            emulated = UpToZoneRanges(emulated).ToList();
        }
        Assert.That(DmesgFamilies.Select(emulated, regex), Is.EqualTo(DmesgFamilies.Select(real, regex)));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceKernels))]
    public void Per_cpu_first_chunk_lands_where_the_real_boot_put_it(string kernel)
    {
        var c = ConformanceCase.Load("memblock_debug_srat2_hp1_movable_node", kernel);
        string tailCaller = KernelModel.ForVersion(kernel)!.Callers.PcpuFreeUnitTail;
        var real = PercpuLines(c.KernelLines, tailCaller);
        var emulated = PercpuLines(Boot(c).Log.Select(l => l.Text).ToList(), tailCaller);
        // Node 0's CPU at 0x7bc00000, node 1's (hot-pluggable, so refused) on node 0 at 0x7ba00000, and both tails.
        Assert.That(real, Has.Count.EqualTo(6));
        Assert.That(emulated, Is.EqualTo(real));
    }

    private static IEnumerable<string> UpToZoneRanges(IEnumerable<string> lines) => lines.TakeWhile(l => l != "Zone ranges:");

    /// <summary>The pcpu_fc_alloc calls with the reservation each made, and the unit tails given back (memblock=debug only).</summary>
    private static List<string> PercpuLines(IReadOnlyList<string> lines, string tailCaller)
    {
        var result = new List<string>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains("pcpu_fc_alloc", StringComparison.Ordinal) && i + 1 < lines.Count) result.AddRange(new[] { lines[i], lines[i + 1] });
            else if (lines[i].StartsWith("memblock_phys_free: ", StringComparison.Ordinal) && lines[i].EndsWith(tailCaller, StringComparison.Ordinal)) result.Add(lines[i]);
        }
        return result;
    }

    internal static Model.BootResult Boot(string caseName, string? cmdline = null) => Boot(ConformanceCase.Load(caseName), cmdline);

    /// <summary>The case's machine booted by the kernel that booted it, with its own command line unless one is given.</summary>
    internal static Model.BootResult Boot(ConformanceCase c, string? cmdline = null)
    {
        var machine = MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null);
        var kernel = KernelModel.ForVersion(c.Kernel)!;
        var options = KernelCommandLine.Parse(cmdline ?? machine.CommandLine, kernel.CommandLine);
        return BootPipeline.Run(machine, options, new KernelLog(), kernel);
    }
}
