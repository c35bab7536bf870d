using System.Globalization;
using System.Text.RegularExpressions;
using Bootemu.Boot.Numa;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Tests.Shared;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// One real boot of tests/conformance replayed up to x86_numa_init: memblock is prepared the way the kernel had
/// it at that point, read off the boot's own console (the e820 map the kernel used, the first 1 MiB, the kernel
/// image with its brk area at 16 MiB, the initrd of the RAMDISK line, the tables of the ACPI Reserving lines),
/// then the NUMA step runs on the case's srat.bin.
/// </summary>
internal sealed partial class ConformanceBoot
{
    /// <summary>_text to the end of the used brk area with nokaslr, as the memblock=debug trace shows it.</summary>
    private const ulong ImageStart = 0x1000000, ImageEnd = 0x4411000;

    private ConformanceBoot(string name, IReadOnlyList<string> consoleLines, string cmdline)
    {
        Name = name;
        ConsoleLines = consoleLines;
        Cmdline = cmdline;
    }

    public string Name { get; }

    /// <summary>The serial console of the boot, timestamps removed, up to the harness's own dump sections.</summary>
    public IReadOnlyList<string> ConsoleLines { get; }

    public string Cmdline { get; }

    public string Directory => RepoPaths.ConformanceCase(Name);

    public static ConformanceBoot Load(string name)
    {
        string dir = RepoPaths.ConformanceCase(name);
        var lines = new List<string>();
        foreach (string raw in File.ReadLines(Path.Combine(dir, "console.log")))
        {
            if (raw.StartsWith("=====BEGIN", StringComparison.Ordinal))
                break;
            var m = Timestamp().Match(raw.TrimEnd('\r'));
            if (m.Success)
                lines.Add(m.Groups[1].Value);
        }
        return new ConformanceBoot(name, lines, File.ReadAllText(Path.Combine(dir, "cmdline")).Trim());
    }

    public bool HasOption(string word) => Cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(word);

    public BootOptions Options => new()
    {
        CommandLine = Cmdline,
        MovableNode = HasOption("movable_node"),
        MemblockDebug = HasOption("memblock=debug"),
        Numa = HasOption("numa=off") ? NumaMode.Off : HasOption("numa=noacpi") ? NumaMode.NoAcpi : NumaMode.Default,
        AcpiOff = HasOption("acpi=off"),
    };

    /// <summary>max_pfn: the first <c>last_pfn =</c> line.</summary>
    public Pfn MaxPfn => new(Hex(ConsoleLines.Select(l => LastPfn().Match(l)).First(m => m.Success).Groups[1].Value));

    /// <summary>
    /// memblock just before initmem_init: RAM of the e820 map in force ("user:" lines after mem=/memmap=, else
    /// "BIOS-e820:"), minus what trim_bios_range takes ([0, 4K) and [640K, 1M)), trimmed to pages; and the
    /// reservations that exist by then.
    /// </summary>
    public Memblock.Memblock PrepareMemblock(KernelLog log)
    {
        var memblock = new Memblock.Memblock(log);
        var user = E820Lines(UserE820());
        var e820 = user.Count > 0 ? user : E820Lines(BiosE820());
        memblock.AllowResize();
        foreach (var (start, end, type) in e820)
        {
            if (type != "usable")
                continue;
            ulong s = Math.Max(start, 0x1000);
            if (s < 0xa0000)
                memblock.Add(s, Math.Min(end, 0xa0000) - s);
            ulong high = Math.Max(s, 0x100000);
            if (end > high)
                memblock.Add(high, end - high);
        }
        memblock.TrimMemory(Pfn.PageSize);

        memblock.Reserve(0, 0x100000);
        memblock.Reserve(ImageStart, ImageEnd - ImageStart);
        foreach (string line in ConsoleLines)
        {
            var m = Ramdisk().Match(line);
            if (!m.Success)
                m = AcpiReserving().Match(line);
            if (!m.Success)
                continue;
            ulong start = Hex(m.Groups[1].Value), last = Hex(m.Groups[2].Value);
            if (line.StartsWith("RAMDISK", StringComparison.Ordinal))
                start &= ~0xfffUL;
            memblock.Reserve(start, last + 1 - start);
        }
        // init_mem_mapping, top-down, takes its page-table pages from the end of RAM: two pages on these 4-6 GiB
        // machines (every top-down log shows the 8 KiB gap above the highest NODE_DATA). Bottom-up (movable_node)
        // it maps upwards from the kernel and the brk buffer suffices.
        if (!Options.MovableNode)
            memblock.Reserve(MaxPfn.Address - 2 * Pfn.PageSize, 2 * Pfn.PageSize);
        memblock.CurrentLimit = MaxPfn.Address;
        memblock.BottomUp = Options.MovableNode;
        memblock.MovableNode = Options.MovableNode;
        memblock.Debug = Options.MemblockDebug;
        return memblock;
    }

    public NumaInput Input()
    {
        string srat = Path.Combine(Directory, "srat.bin");
        return new NumaInput
        {
            Srat = File.Exists(srat) ? (ReadOnlyMemory<byte>?)File.ReadAllBytes(srat) : null,
            Options = Options,
            MaxPfn = MaxPfn,
        };
    }

    private IEnumerable<string> UserE820() => ConsoleLines.Where(l => l.StartsWith("user: [mem", StringComparison.Ordinal));

    private IEnumerable<string> BiosE820() => ConsoleLines.Where(l => l.StartsWith("BIOS-e820: [mem", StringComparison.Ordinal));

    private static List<(ulong Start, ulong End, string Type)> E820Lines(IEnumerable<string> lines) =>
        lines.Select(l => E820().Match(l))
            .Where(m => m.Success)
            .Select(m => (Hex(m.Groups[1].Value), Hex(m.Groups[2].Value) + 1, m.Groups[3].Value))
            .ToList();

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[\s*\d+\.\d+\] (.*)$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^last_pfn = 0x([0-9a-f]+) ")]
    private static partial Regex LastPfn();

    [GeneratedRegex(@"\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (\S+)")]
    private static partial Regex E820();

    [GeneratedRegex(@"^RAMDISK: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]")]
    private static partial Regex Ramdisk();

    [GeneratedRegex(@"^ACPI: Reserving \S+ table memory at \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]")]
    private static partial Regex AcpiReserving();
}
