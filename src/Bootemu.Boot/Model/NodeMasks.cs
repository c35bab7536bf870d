using System.Text;

namespace Bootemu.Boot.Model;

/// <summary>
/// The node state masks /sys/devices/system/node prints (possible, online, has_normal_memory, has_memory, has_cpu),
/// ascending node ids.
/// </summary>
public sealed record NodeMasks(IReadOnlyList<int> Possible, IReadOnlyList<int> Online, IReadOnlyList<int> HasNormalMemory,
    IReadOnlyList<int> HasMemory, IReadOnlyList<int> HasCpu)
{
    /// <summary>After boot: N_MEMORY and N_NORMAL_MEMORY as free_area_init set them, N_CPU as <see cref="CpuStateNodes"/>.</summary>
    public static NodeMasks Of(BootResult boot)
    {
        var online = boot.Nodes.Where(n => n.Online).ToList();
        return new NodeMasks(
            boot.Nodes.Select(n => n.Nid).Order().ToArray(),
            online.Select(n => n.Nid).Order().ToArray(),
            online.Where(n => n.Zones.Any(z => z.IsPopulated && z.Zone <= ZoneType.Normal)).Select(n => n.Nid).Order().ToArray(),
            online.Where(n => n.PresentPages != 0).Select(n => n.Nid).Order().ToArray(),
            CpuStateNodes(boot));
    }

    /// <summary>The boot CPU, the only one online when init_mm_internals runs (before smp_init brings up the rest).</summary>
    private const int BootCpu = 0;

    /// <summary>
    /// N_CPU once every CPU is up. It is set twice over: init_mm_internals, before the secondary CPUs start, marks each
    /// online node whose cpumask is not empty, and by then only the boot CPU has been added to the cpumasks; under
    /// numa=fake= that CPU is in the cpumask of every fake node of its physical node, not only of its own node. Then
    /// each secondary CPU marks its own node (cpu_to_node) as it comes online. So with emulated nodes has_cpu can list
    /// fake nodes that share the boot CPU's physical node but not those that share another CPU's.
    /// </summary>
    public static IReadOnlyList<int> CpuStateNodes(BootResult boot) =>
        boot.Nodes.Where(n => n.Online && (n.Cpus.Count != 0 || n.CpuListOrCpus.Contains(BootCpu))).Select(n => n.Nid).Order().ToArray();

    /// <summary>Each sysfs file name with its nodes, in the order `ls` lists them in /sys/devices/system/node.</summary>
    public IEnumerable<(string File, IReadOnlyList<int> Nodes)> Files() =>
    [
        ("possible", Possible), ("online", Online), ("has_normal_memory", HasNormalMemory), ("has_memory", HasMemory), ("has_cpu", HasCpu),
    ];

    /// <summary>A node list as the kernel's %*pbl prints it: ranges of consecutive ids joined by commas ("0-1,3"), "" for none.</summary>
    public static string ListText(IEnumerable<int> nodes)
    {
        var sorted = nodes.Distinct().Order().ToList();
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Count; )
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            if (text.Length > 0) text.Append(',');
            text.Append(sorted[i]);
            if (j > i) text.Append('-').Append(sorted[j]);
            i = j + 1;
        }
        return text.ToString();
    }

    /// <summary>The masks as a JSON object of sysfs texts ("possible": "0-1", ...).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        foreach (var (file, nodes) in Files()) w.WriteString(file, ListText(nodes));
        w.WriteEndObject();
    }

    /// <summary>One line per file, "possible: 0-1", as `grep . /sys/devices/system/node/{possible,...}` shows them.</summary>
    public string Render() => string.Concat(Files().Select(f => $"{f.File}: {ListText(f.Nodes)}\n"));
}
