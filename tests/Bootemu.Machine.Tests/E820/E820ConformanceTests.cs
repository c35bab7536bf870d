using Bootemu.Core.Logging;
using Bootemu.Tests.Shared;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;

namespace Bootemu.Machine.Tests.E820;

/// <summary>The e820 steps of setup_arch replayed on each real boot's firmware map and compared with the kernel's own lines.</summary>
public class E820ConformanceTests
{
    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Bios_e820_lines_parse_to_the_expected_map(string name)
    {
        var c = ConformanceCase.Load(name);
        var table = E820Table.ParseBiosLines(c.ConsoleLog, "console.log");

        var expected = c.Expected.GetProperty("e820").EnumerateArray()
            .Select(e => $"{e.GetProperty("start").GetString()}-{e.GetProperty("end").GetString()} {e.GetProperty("type").GetString()}")
            .ToArray();
        var actual = table.Entries.Select(e => $"0x{e.Addr:x16}-0x{e.End - 1:x16} {E820TypeNames.KernelName(e.Type)}").ToArray();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.ConformanceCases))]
    public void Setup_arch_e820_lines_match_the_real_boot(string name)
    {
        var c = ConformanceCase.Load(name);
        var log = new KernelLog();
        var options = KernelCommandLine.Parse(c.ProcCmdline);

        var table = E820Table.ParseBiosLines(c.ConsoleLog, "console.log").MemorySetup(log);
        table = table.ApplyCommandLine(options, log).TrimBiosRange(log);
        table.FindMaxPfns(log);

        string[] families = { "BIOS-provided physical RAM map:", "BIOS-e820: ", "e820: remove ", "e820: update ", "user-defined physical RAM map:", "user: ", "last_pfn = " };
        var expected = c.KernelLinesStartingWith(families);
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(expected));
    }

    [Test]
    public void Mem_7G_prints_the_kernels_user_defined_map()
    {
        var c = ConformanceCase.Load("srat2_mem_limit_partial_node1");
        var log = new KernelLog();
        var table = E820Table.ParseBiosLines(c.ConsoleLog, "console.log").Sanitize();

        table.ApplyCommandLine(KernelCommandLine.Parse("mem=7G"), log).TrimBiosRange(log);

        var expected = c.Expected.GetProperty("e820_user").EnumerateArray().Select(e => e.GetString()!)
            .Where(l => !l.StartsWith("e820: reserve RAM buffer", StringComparison.Ordinal));
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(expected));
    }

    [Test]
    public void E820_lines_are_debug_and_map_lines_info()
    {
        var log = new KernelLog();
        var table = new E820Table(new[] { new E820Entry(0, 0x9fc00, E820Type.Ram), new E820Entry(0x100000, 0x7ff00000, E820Type.Ram) });

        table.MemorySetup(log).TrimBiosRange(log);

        Assert.That(log.Lines.Select(l => (l.Level, l.Text.Split(' ')[0])), Is.EqualTo(new[]
        {
            (KernelLogLevel.Info, "BIOS-provided"),
            (KernelLogLevel.Info, "BIOS-e820:"),
            (KernelLogLevel.Info, "BIOS-e820:"),
            (KernelLogLevel.Debug, "e820:"),
            (KernelLogLevel.Debug, "e820:"),
        }));
    }
}
