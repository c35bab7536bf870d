using System.Collections.Immutable;
using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Readiness;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Advice;

/// <summary>What to advise on: the machine as read once, its kernel and command line, the nodes to free, the hotplug settings.</summary>
public sealed record AdviceRequest(MachineDescription Machine, KernelModel Kernel, string CommandLine, ImmutableArray<int> Nodes, HotplugSettings Settings);

/// <summary>
/// Searches the boot options that decide whether nodes can be hot-removed, by running each candidate through the
/// emulation (<see cref="CandidateRun"/>) in parallel: an answer is a candidate whose boot let offline_node and
/// remove_node of every asked node succeed, never a guess from the options.
/// </summary>
public static class RemovalAdvisor
{
    /// <param name="baseline">the boot of the request's machine with its command line as given; it must not panic.</param>
    public static RemovalAdvice Advise(AdviceRequest request, BootResult baseline)
    {
        if (baseline.KernelPanics is { } panic) throw new ArgumentException($"the machine does not boot: {panic}", nameof(baseline));
        var nodes = request.Nodes;
        var booted = BootMemoryBlocks.FromBoot(baseline, request.Settings, new KernelLog());
        var (firmware, whyNoFirmware) = FirmwareChange.For(request.Machine, baseline, nodes);
        var run = new CandidateRun(request.Machine, firmware, request.Kernel, request.CommandLine, nodes, request.Settings, baseline);

        var asBooted = nodes.Select(nid => new NodeAsBooted(nid, run.RemoveNodes(booted, [nid], new KernelLog()))).ToImmutableArray();
        var advice = new RemovalAdvice
        {
            Nodes = nodes,
            CommandLine = request.CommandLine,
            Baseline = baseline,
            AsBooted = asBooted,
            CandidatesTried = 1,
            Answers = [],
            AnswersFound = 0,
            NotTried = [],
        };
        if (advice.NoChangeNeeded) return advice;

        var (candidates, notTried) = CandidateGrid.Generate(baseline, booted, nodes, firmware is not null);
        var outcomes = new CandidateOutcome[candidates.Length];
        Parallel.For(0, candidates.Length, i => outcomes[i] = run.Evaluate(candidates[i]));

        var before = NodeMemory.Of(booted);
        var found = outcomes.Where(o => o.Removed)
            .Select(o => new AdviceAnswer(o.Candidate, o.CommandLine, AnswerCost.Between(before, o.Memory!, nodes)))
            .OrderBy(a => a.Candidate.SratHotplugFlag).ThenBy(a => a.DependsOnAnIdleKernel).ThenBy(a => a.Candidate.Changes)
            .ThenBy(a => a.Cost.KernelBytesLost).ThenBy(a => a.Cost.UnusedBytes).ThenBy(a => a.Candidate.Index)
            .ToList();
        advice = advice with
        {
            CandidatesTried = candidates.Length,
            Answers = found.Where(a => !found.Any(b => AddsOnlyChanges(a, b))).ToImmutableArray(),
            AnswersFound = found.Count,
            NotTried = notTried,
        };
        if (advice.CommandLineHelps) return advice;

        return advice with
        {
            CommandLineLimit = Closest(run, outcomes.Where(o => !o.Candidate.SratHotplugFlag), nodes),
            Firmware = new FirmwareAdvice(firmware, whyNoFirmware, advice.Answers.Any(a => a.Candidate.SratHotplugFlag),
                firmware is null || advice.Answers.Any(a => a.Candidate.SratHotplugFlag)
                    ? null
                    : Closest(run, outcomes.Where(o => o.Candidate.SratHotplugFlag), nodes)),
        };
    }

    /// <summary>
    /// Whether <paramref name="answer"/> only adds changes to <paramref name="other"/> without costing less: the extra
    /// options do nothing for the nodes, so it is left out.
    /// </summary>
    private static bool AddsOnlyChanges(AdviceAnswer answer, AdviceAnswer other) =>
        other.Candidate.Changes < answer.Candidate.Changes && other.Candidate.IsPartOf(answer.Candidate)
        && other.Cost.KernelBytesLost <= answer.Cost.KernelBytesLost && other.Cost.UnusedBytes <= answer.Cost.UnusedBytes
        && (!other.DependsOnAnIdleKernel || answer.DependsOnAnIdleKernel);

    /// <summary>
    /// The failed candidate that came closest: the most of the asked nodes' memory in ZONE_MOVABLE, then the fewest
    /// changes; booted again to ask the readiness rules what still pins each node it could not free.
    /// </summary>
    private static ClosestCandidate? Closest(CandidateRun run, IEnumerable<CandidateOutcome> outcomes, ImmutableArray<int> nodes)
    {
        var closest = outcomes.Where(o => o.Memory is not null)
            .OrderByDescending(o => nodes.Aggregate(0UL, (sum, nid) => sum + o.Memory!.Pages(nid, ZoneType.Movable)))
            .ThenBy(o => o.Candidate.Changes).ThenBy(o => o.Candidate.Index)
            .FirstOrDefault();
        if (closest is null) return null;
        var log = new KernelLog();
        var (boot, machine) = run.Boot(closest.Candidate, log);
        var verdicts = nodes.Where(nid => machine!.OnlineNodes.Contains(nid))
            .Select(nid => HotRemoveReadiness.AssessNode(boot, machine!, nid))
            .Where(v => !v.Removable).ToImmutableArray();
        return new ClosestCandidate(closest.Candidate, closest.CommandLine, closest.Failure!, verdicts);
    }
}
