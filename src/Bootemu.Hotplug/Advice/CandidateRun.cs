using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;

namespace Bootemu.Hotplug.Advice;

/// <summary>What the emulation did with one candidate: whether every asked node went, else the first refusal.</summary>
/// <param name="Memory">the zones after boot; null when the machine did not boot.</param>
/// <param name="Failure">the first step that failed ("node 1: offline_node: EBUSY: ..."), null when the nodes went.</param>
public sealed record CandidateOutcome(AdviceCandidate Candidate, string CommandLine, NodeMemory? Memory, string? Failure)
{
    public bool Removed => Failure is null;
}

/// <summary>
/// Runs candidates through the real emulation: the boot pipeline with the candidate's command line (and SRAT), the
/// machine memory hotplug starts from, then offline_node and remove_node for each asked node in turn, as
/// `bootemu hotplug` runs them. It stops at the first refusal: the nodes after it are not tried. The inputs are read
/// once; every run builds its own machine and log, so runs can go in parallel.
/// </summary>
public sealed class CandidateRun
{
    private readonly MachineDescription _machine;
    private readonly MachineDescription? _flagged;
    private readonly KernelModel _kernel;
    private readonly string _commandLine;
    private readonly IReadOnlyList<int> _nodes;
    private readonly HotplugSettings _settings;
    private readonly Dictionary<int, List<(ulong Base, ulong End)>> _askedRanges;

    /// <param name="baseline">the boot with the command line as given: where the asked nodes' memory is.</param>
    public CandidateRun(MachineDescription machine, FirmwareChange? firmware, KernelModel kernel, string commandLine,
        IReadOnlyList<int> nodes, HotplugSettings settings, BootResult baseline)
    {
        _askedRanges = nodes.Distinct().ToDictionary(nid => nid,
            nid => baseline.Memory.Where(r => r.Nid == nid).Select(r => (r.Base, r.End)).ToList());
        _machine = machine;
        _flagged = firmware?.Machine;
        _kernel = kernel;
        _commandLine = commandLine;
        _nodes = nodes;
        _settings = settings;
    }

    public string CommandLineOf(AdviceCandidate candidate) => CommandLineEdit.Apply(_commandLine, candidate.Options);

    /// <summary>The boot of <paramref name="candidate"/> and the machine hotplug starts from; null machine when the kernel panics.</summary>
    public (BootResult Boot, HotplugMachine? Machine) Boot(AdviceCandidate candidate, KernelLog log)
    {
        var machine = candidate.SratHotplugFlag ? _flagged ?? throw new InvalidOperationException("no firmware change to apply") : _machine;
        var options = KernelCommandLine.Parse(CommandLineOf(candidate), _kernel.CommandLine);
        var boot = BootPipeline.Run(machine, options, log, _kernel);
        return (boot, boot.KernelPanics is null ? BootMemoryBlocks.FromBoot(boot, _settings, log) : null);
    }

    public CandidateOutcome Evaluate(AdviceCandidate candidate)
    {
        string commandLine = CommandLineOf(candidate);
        var log = new KernelLog();
        BootResult boot;
        HotplugMachine? m;
        try { (boot, m) = Boot(candidate, log); }
        catch (InputException e) { return new CandidateOutcome(candidate, commandLine, null, $"the command line is refused: {e.OneLine}"); }
        if (m is null) return new CandidateOutcome(candidate, commandLine, null, $"the kernel panics: {boot.KernelPanics}");
        return new CandidateOutcome(candidate, commandLine, NodeMemory.Of(m), RemoveNodes(m, _nodes, log));
    }

    /// <summary>offline_node then remove_node for each node in turn; the first refusal, or null when every node went.</summary>
    public string? RemoveNodes(HotplugMachine m, IEnumerable<int> nodes, KernelLog log)
    {
        foreach (int nid in nodes)
        {
            if (!m.OnlineNodes.Contains(nid))
            {
                // Not online: either its memory went (mem= cut it off) or another node took it (the SRAT went unused).
                if (_askedRanges[nid].FirstOrDefault(r => m.BlocksIn(r.Base, r.End).Any()) is { End: > 0 } taken)
                    return $"node {nid}: the node is not online: its memory {Bootemu.Core.Printk.Printk.Mem10(taken.Base, taken.End - 1)} belongs to node " +
                           $"{m.BlocksIn(taken.Base, taken.End).First().Nid} now";
                continue;
            }
            // offline_node writes offline to every online block of the node in address order and goes on past a
            // refusal; here the first refusal already decides the candidate, so the blocks after it are not tried.
            foreach (long id in NodeOffline.OnlineBlocksOf(m, nid).Select(b => b.Id).ToList())
            {
                var offline = BlockOffline.Offline(m, id, log);
                if (offline.Error is { } offlineError) return $"node {nid}: offline_node: block {id}: {offlineError}: {offline.Detail}";
                m = offline.Machine;
            }
            var removed = HotRemove.RemoveNode(m, nid, log);
            if (removed.Error is { } removeError) return $"node {nid}: remove_node: {removeError}: {removed.Detail}";
            m = removed.Machine;
        }
        return null;
    }
}
