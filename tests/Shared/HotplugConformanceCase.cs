using System.Text.Json;

namespace Bootemu.Tests.Shared;

/// <summary>
/// One runtime-hotplug case, tests/conformance-hotplug/&lt;name&gt;/: a real Linux 6.1 boot under QEMU (qemu.args,
/// srat.bin, console.log, the command line), then the operations of <c>ops</c> one by one, each with what the kernel
/// answered, printed and ended up with (expected.json <c>ops</c>; op 0 is the state after boot).
/// </summary>
public sealed class HotplugConformanceCase
{
    private readonly Lazy<JsonElement> expected;

    private HotplugConformanceCase(string name)
    {
        Name = name;
        Directory = Path.Combine(RepoPaths.ConformanceHotplug, name);
        expected = new(() =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json")));
            return doc.RootElement.Clone();
        });
    }

    public static HotplugConformanceCase Load(string name) => new(name);

    public string Name { get; }
    public string Directory { get; }

    private string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The serial console: the kernel's boot log first (bootemu's --e820 input), then the harness's dumps.</summary>
    public string ConsolePath => PathOf("console.log");

    public string SratPath => PathOf("srat.bin");

    /// <summary>pcdimm, hp1, hp1mn or hpregion.</summary>
    public string Machine => File.ReadAllText(PathOf("machine")).Trim();

    public string QemuArgs => File.ReadAllText(PathOf("qemu.args")).Trim();

    /// <summary>The operations, one per line (the ops file).</summary>
    public IReadOnlyList<string> Ops => File.ReadAllLines(PathOf("ops")).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public JsonElement Expected => expected.Value;

    /// <summary>The whole command line the kernel saw (/proc/cmdline).</summary>
    public string ProcCmdline => Expected.GetProperty("boot").GetProperty("proc_cmdline").GetString()!;

    /// <summary>The recorded state after each operation; index 0 is the boot state.</summary>
    public IReadOnlyList<JsonElement> OpResults => Expected.GetProperty("ops").EnumerateArray().ToList();

    /// <summary>The pc-dimms present at boot (qemu.args), where QEMU put them: above the highest usable e820 RAM.</summary>
    public IReadOnlyList<(ulong Base, ulong Size, int? Node)> PcDimms()
    {
        ulong ramEnd = Expected.GetProperty("boot").GetProperty("e820_usable").EnumerateArray()
            .Max(r => Convert.ToUInt64(r[1].GetString(), 16) + 1);
        return QemuDimms.Of(QemuArgs, ramEnd);
    }
}
