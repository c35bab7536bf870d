using System.Collections.Concurrent;
using System.Text;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Script;
using Bootemu.Machine;
using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests.HotplugConformance;

/// <summary>
/// One runtime-hotplug case replayed by bootemu as `bootemu hotplug` would run it: the machine booted from the case's
/// own inputs (--kernel 6.1, --srat srat.bin, --e820 console.log, --cmdline /proc/cmdline, and for the pcdimm machine
/// --memory-device for the DIMM of qemu.args), then the ops file turned into a hotplug script and run with
/// --keep-going, so that each op has a step report and the machine it left.
/// </summary>
internal sealed class HotplugCaseRun
{
    /// <summary>Where QEMU's device_add puts the case's 1 GiB DIMM: the start of the device memory region (query-memory-devices).</summary>
    public const ulong DimmBase = 0x180000000;
    public const ulong DimmSize = 1UL << 30;

    /// <summary>The node of host.json's device_add (node=1).</summary>
    public const int DimmNode = 1;

    private static readonly ConcurrentDictionary<string, Lazy<HotplugCaseRun>> Runs = new();

    private HotplugCaseRun(HotplugConformanceCase c)
    {
        Case = c;
        var log = new KernelLog();
        var devices = c.PcDimms().Select(d => new MemoryDevice(d.Base, d.Size, d.Node)).ToList();
        var boot = MachineBoot.Boot(new MachineSource(null, c.SratPath, null, c.ConsolePath, null, c.ProcCmdline, "6.1", devices), log);
        Booted = BootMemoryBlocks.FromBoot(boot, new HotplugSettings(), log);
        Script = ScriptOf(c.Ops);
        Run = HotplugScriptRunner.Run(Booted, HotplugScript.Parse(Script, $"{c.Name}/ops"), keepGoing: true, log);
    }

    public static HotplugCaseRun Of(string caseName) =>
        Runs.GetOrAdd(caseName, name => new Lazy<HotplugCaseRun>(() => new HotplugCaseRun(HotplugConformanceCase.Load(name)))).Value;

    public HotplugConformanceCase Case { get; }

    /// <summary>The machine after boot (op 0).</summary>
    public HotplugMachine Booted { get; }

    /// <summary>The hotplug script the ops file became.</summary>
    public string Script { get; }

    public ScriptRun Run { get; }

    /// <summary>
    /// The ops file as a hotplug script: a state write becomes the step of that word, a host hot-add event the hot-add of
    /// the DIMM QEMU places, a host unplug event the eject of that DIMM.
    /// </summary>
    public static string ScriptOf(IEnumerable<string> ops)
    {
        var text = new StringBuilder("steps:\n");
        foreach (var op in ops)
        {
            var words = op.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string step = words switch
            {
                ["host", var e] when e.StartsWith("hotadd", StringComparison.Ordinal) => $"hot_add: {{base: 0x{DimmBase:x}, size: 1G, node: {DimmNode}}}",
                ["host", var e] when e.StartsWith("unplug", StringComparison.Ordinal) => $"eject: {{base: 0x{DimmBase:x}, size: 1G}}",
                [var verb and ("online" or "online_kernel" or "online_movable" or "offline"), var block] => $"{verb}: {block}",
                _ => throw new InvalidOperationException($"unknown op \"{op}\""),
            };
            text.Append("  - ").Append(step).Append('\n');
        }
        return text.ToString();
    }
}
