using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Derived;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Script;

/// <summary>
/// What one step did: success with a note, a kernel errno with its reason, or skipped after a failure; and the machine
/// as the step left it.
/// </summary>
public sealed record StepReport(int Number, HotplugStep Step, Errno? Error, string Detail, bool Skipped, IReadOnlyList<KernelLogLine> KernelLines, HotplugMachine After)
{
    public bool Succeeded => !Skipped && Error is null;
}

/// <summary>A finished script: the machine at the end and every step's report.</summary>
public sealed record ScriptRun(HotplugMachine Final, IReadOnlyList<StepReport> Steps)
{
    public bool AllSucceeded => Steps.All(s => s.Succeeded);
}

/// <summary>
/// Runs a script's steps against a booted machine. A kernel refusal (an errno) fails the step; the rest are
/// skipped unless keepGoing. A step that names something that does not exist (a block with no sysfs
/// directory, a node that is not online) is the script's fault: <see cref="InputException"/> at its location.
/// </summary>
public static class HotplugScriptRunner
{
    public static ScriptRun Run(HotplugMachine machine, HotplugScript script, bool keepGoing, KernelLog log)
    {
        var reports = new List<StepReport>();
        bool stopped = false;
        int number = 0;
        foreach (var step in script.Steps)
        {
            number++;
            if (stopped)
            {
                reports.Add(new StepReport(number, step, null, "", true, Array.Empty<KernelLogLine>(), machine));
                continue;
            }
            int before = log.Lines.Count;
            var outcome = Apply(machine, step, log);
            machine = outcome.Machine;
            reports.Add(new StepReport(number, step, outcome.Error, outcome.Detail, false, log.Lines.Skip(before).ToList(), machine));
            if (!outcome.Succeeded && !keepGoing) stopped = true;
        }
        return new ScriptRun(machine, reports);
    }

    public static HotplugOutcome Apply(HotplugMachine m, HotplugStep step, KernelLog log) => step switch
    {
        AllocStep { DerivedZone: { } zone } a => DerivedZoneAllocation.Allocate(m, a.Kind, a.Size, zone),
        DeriveZoneStep d => ZoneDerivation.Derive(m, d.Name, RequireOnlineNode(m, d.Node, d.Location), d.Base,
            RequireWholeMaxOrderBlocks(m, d.Size, d.SizeLocation), d.PfnRange),
        DeleteZoneStep d => ZoneDerivation.Delete(m, d.Name),
        AllocStep a => Workload.Allocate(m, a.Kind, a.Size, RequireOnlineNode(m, a.Node, a.Location), a.Block is { } b ? RequireBlock(m, b, a.Location) : null),
        BlockStateStep { Type: OnlineType.Offline } s => BlockOffline.Offline(m, RequireBlock(m, s.Block, s.Location), log),
        BlockStateStep s => BlockOnline.Online(m, RequireBlock(m, s.Block, s.Location), s.Type, log),
        OfflineNodeStep n => NodeOffline.OfflineNode(m, RequireOnlineNode(m, n.Node, n.Location), log),
        HotAddStep h => HotAdd.Add(m, h.Base, h.Size, h.Node, log),
        RemoveStep r => HotRemove.Remove(m, r.Base, r.Size, log),
        EjectStep e => AcpiEject.Eject(m, RequireDevice(m, e), log),
        RemoveNodeStep r => HotRemove.RemoveNode(m, RequireOnlineNode(m, r.Node, r.Location), log),
        _ => throw new InputException(step.Location, "unsupported step"),
    };

    private static long RequireBlock(HotplugMachine m, long id, string location) =>
        m.Blocks.ContainsKey(id) ? id
            : throw new InputException(location, $"memory block {id} does not exist (/sys/devices/system/memory/memory{id}); blocks now: {PageAllocator.BlockList(m.Blocks.Keys)}");

    /// <summary>The hot-added memory device at exactly the step's range: an eject names a device, not a range.</summary>
    private static HotAddedRange RequireDevice(HotplugMachine m, EjectStep e) =>
        m.Added.FirstOrDefault(d => d.Base == e.Base && d.Size == e.Size)
            ?? throw new InputException(e.Location, $"no ACPI memory device at {Printk.Mem10(e.Base, e.Base + e.Size - 1)}; devices now: "
                + (m.Added.IsEmpty ? "none" : string.Join(", ", m.Added.Select(d => Printk.Mem10(d.Base, d.End - 1)))));
    /// <summary>A derived zone's size: a non-zero multiple of the MAX_ORDER block; bootemu rounds nothing.</summary>
    private static ulong RequireWholeMaxOrderBlocks(HotplugMachine m, ulong bytes, string location)
    {
        ulong block = m.Kernel.MaxOrderBlockPages << Pfn.PageShift;
        return bytes != 0 && bytes % block == 0 ? bytes
            : throw new InputException(location,
                $"a derived zone's size must be a non-zero multiple of the MAX_ORDER block, {SizeText.Human(block)} " +
                $"(order {m.Kernel.LargestBuddyOrder} on Linux {m.Kernel.Version}), found 0x{bytes:x} bytes");
    }

    private static int RequireOnlineNode(HotplugMachine m, int nid, string location) =>
        m.OnlineNodes.Contains(nid) ? nid
            : throw new InputException(location, $"node {nid} is not online (online nodes: {string.Join(",", m.OnlineNodes)})");
}
