using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bootemu.Tests.Shared;

/// <summary>
/// One real boot under QEMU, tests/conformance/&lt;name&gt;/ (Linux 6.1) or tests/conformance-6.12/&lt;name&gt;/ (Linux 6.12),
/// read for the tests of every project: the
/// SRAT it booted with, what the kernel printed on the serial console, the harness's dumps taken after boot
/// (/proc/zoneinfo, sysfs), the command line and the facts parsed into expected.json. The case names and
/// folders come from <see cref="RepoPaths"/>.
/// </summary>
public sealed partial class ConformanceCase
{
    private readonly Lazy<IReadOnlyList<string>> kernelLines;
    private readonly Lazy<JsonElement> expected;

    private ConformanceCase(string name, string kernel, ConformanceSuite suite)
    {
        Name = name;
        Kernel = kernel;
        Suite = suite;
        Directory = RepoPaths.ConformanceCase(name, kernel, suite);
        kernelLines = new(ReadKernelLines);
        expected = new(() =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json")));
            return doc.RootElement.Clone();
        });
    }

    /// <summary>The case <paramref name="name"/> of <paramref name="kernel"/>'s set in <paramref name="suite"/> (default: the Linux 6.1 boots).</summary>
    public static ConformanceCase Load(string name, string kernel = RepoPaths.Linux61, ConformanceSuite suite = ConformanceSuite.Boots) =>
        new(name, kernel, suite);

    public string Name { get; }

    /// <summary>The version of the kernel that booted this case ("6.1", "6.12").</summary>
    public string Kernel { get; }

    /// <summary>The set of real boots the case belongs to.</summary>
    public ConformanceSuite Suite { get; }

    public string Directory { get; }

    private string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The serial console capture: the boot, then the harness's dumps (dmesg again, zoneinfo, sysfs...).</summary>
    public string ConsolePath => PathOf("console.log");

    /// <summary>The SRAT binary the guest booted with; null for the cases booted without one.</summary>
    public string? SratPath => File.Exists(PathOf("srat.bin")) ? PathOf("srat.bin") : null;

    public byte[] Srat => File.ReadAllBytes(PathOf("srat.bin"));

    /// <summary>iasl's disassembly of the SRAT (srat.dsl).</summary>
    public string IaslListing => File.ReadAllText(PathOf("srat.dsl"));

    /// <summary>The QEMU arguments of the boot (qemu.args).</summary>
    public string QemuArgs => File.ReadAllText(PathOf("qemu.args")).Trim();

    /// <summary>The pc-dimms of qemu.args, placed as QEMU places them (<see cref="QemuDimms"/>) above the e820 map's highest RAM.</summary>
    public IReadOnlyList<(ulong Base, ulong Size, int? Node)> PcDimms()
    {
        ulong ramEnd = Expected.GetProperty("e820").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "usable")
            .Max(e => Convert.ToUInt64(e.GetProperty("end").GetString(), 16) + 1);
        return QemuDimms.Of(QemuArgs, ramEnd);
    }

    /// <summary>The whole of console.log as text.</summary>
    public string ConsoleLog => File.ReadAllText(ConsolePath);

    /// <summary>The options the case added to the harness's fixed ones (the cmdline file).</summary>
    public string Cmdline => File.ReadAllText(PathOf("cmdline")).Trim();

    /// <summary>The whole command line the kernel saw (/proc/cmdline).</summary>
    public string ProcCmdline => Expected.GetProperty("proc_cmdline").GetString()!;

    /// <summary>expected.json: the facts the harness parsed from the boot.</summary>
    public JsonElement Expected => expected.Value;

    /// <summary>
    /// The first boot's kernel messages, timestamps cut, from "Linux version" up to the harness's first dump: the
    /// serial console, not the dmesg dump that repeats it. Noise the firmware left before a timestamp is cut with it.
    /// </summary>
    public IReadOnlyList<string> KernelLines => kernelLines.Value;

    /// <summary>The first boot's messages that start with one of <paramref name="prefixes"/>, in log order.</summary>
    public IReadOnlyList<string> KernelLinesStartingWith(params string[] prefixes) =>
        KernelLines.Where(l => prefixes.Any(p => l.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>The first boot's messages from the first one starting with <paramref name="from"/> up to (not including) the next one starting with <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Between(string from, string to)
    {
        var lines = KernelLines;
        int start = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (start < 0 && lines[i].StartsWith(from, StringComparison.Ordinal)) start = i;
            else if (start >= 0 && lines[i].StartsWith(to, StringComparison.Ordinal)) return lines.Skip(start).Take(i - start).ToList();
        }
        throw new InvalidOperationException($"{Name}: no lines from \"{from}\" to \"{to}\"");
    }

    /// <summary>The lines of one of the harness's dumps after boot (=====BEGIN <paramref name="section"/>===== ... =====END ...=====).</summary>
    public IReadOnlyList<string> Section(string section) =>
        File.ReadLines(ConsolePath).SkipWhile(l => l != $"=====BEGIN {section}=====").Skip(1)
            .TakeWhile(l => l != $"=====END {section}=====").ToList();

    /// <summary>A node list as sysfs and the kernel's %*pbl print it ("0-1,3", "" for none), as node ids.</summary>
    public static int[] NodeList(string text) =>
        text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(part =>
        {
            var ends = part.Split('-').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return Enumerable.Range(ends[0], ends[^1] - ends[0] + 1);
        }).ToArray();

    private List<string> ReadKernelLines()
    {
        var lines = new List<string>();
        foreach (string raw in File.ReadLines(ConsolePath))
        {
            if (lines.Count > 0 && raw.StartsWith("=====", StringComparison.Ordinal)) break;
            var m = Timestamp().Match(raw);
            if (!m.Success) continue;
            string text = raw[m.Length..];
            bool linuxVersion = text.StartsWith("Linux version ", StringComparison.Ordinal);
            if (linuxVersion && lines.Count > 0) break;
            if (linuxVersion || lines.Count > 0) lines.Add(text);
        }
        return lines;
    }

    /// <summary>printk's "[    0.000000] " prefix, and whatever the firmware left on the line before it.</summary>
    [GeneratedRegex(@"^.*?\[\s*\d+\.\d+\] ")]
    private static partial Regex Timestamp();
}
