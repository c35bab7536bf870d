using System.Collections.Immutable;
using Bootemu.Boot.Model;

namespace Bootemu.Hotplug.Advice;

/// <summary>An answer: a candidate whose boot let every asked node go (offline_node and remove_node succeeded), and its cost.</summary>
public sealed record AdviceAnswer(AdviceCandidate Candidate, string CommandLine, AnswerCost Cost)
{
    /// <summary>
    /// Whether the nodes went although part of them is in a kernel zone: the emulated kernel allocated nothing there, a
    /// running one will, so such an answer is listed after the dependable ones.
    /// </summary>
    public bool DependsOnAnIdleKernel => Cost.KernelZoneBytesOnAskedNodes != 0;
}

/// <summary>How one asked node fares with the command line as given.</summary>
/// <param name="Failure">the emulation's refusal when the node alone cannot go; null when it can ("no change needed").</param>
public sealed record NodeAsBooted(int Nid, string? Failure)
{
    public bool Removable => Failure is null;
}

/// <summary>
/// Why no boot option frees the nodes: the candidate that came closest (the most of the asked nodes' memory in
/// ZONE_MOVABLE) and, for each asked node it leaves, what the hot-remove readiness rules find on it: the kernel's own
/// early allocations, slab and kernel zones.
/// </summary>
public sealed record ClosestCandidate(AdviceCandidate Candidate, string CommandLine, string Failure, ImmutableArray<NodeReadiness> Verdicts);

/// <summary>
/// The firmware side of the advice: the SRAT change (null when none is possible, with <see cref="WhyNone"/>), whether
/// any candidate with it succeeded, and if none, the closest of those.
/// </summary>
public sealed record FirmwareAdvice(FirmwareChange? Change, string? WhyNone, bool Helps, ClosestCandidate? Closest);

/// <summary>
/// What `bootemu advise` found: how the asked nodes fare as booted, how many candidates it tried, the answers (smallest
/// change first, then least cost), and when no boot option helps, why and what firmware could change.
/// </summary>
public sealed record RemovalAdvice
{
    public required ImmutableArray<int> Nodes { get; init; }

    /// <summary>The command line as given (the user's, or the machine's own).</summary>
    public required string CommandLine { get; init; }

    /// <summary>The boot with the command line as given.</summary>
    public required BootResult Baseline { get; init; }

    public required ImmutableArray<NodeAsBooted> AsBooted { get; init; }

    /// <summary>Every asked node goes with the command line as given: nothing was searched.</summary>
    public bool NoChangeNeeded => AsBooted.All(n => n.Removable);

    /// <summary>How many candidate option sets went through the emulation (the command line as given included).</summary>
    public required int CandidatesTried { get; init; }

    /// <summary>Every answer found, in order; those that only add changes to a cheaper-or-equal answer are left out.</summary>
    public required ImmutableArray<AdviceAnswer> Answers { get; init; }

    /// <summary>Answers found before leaving out those that only add changes to another.</summary>
    public required int AnswersFound { get; init; }

    /// <summary>Options the search left out, and why.</summary>
    public required ImmutableArray<string> NotTried { get; init; }

    /// <summary>When no boot option alone helps (and nothing is already removable): the closest candidate and what pins the nodes.</summary>
    public ClosestCandidate? CommandLineLimit { get; init; }

    /// <summary>The firmware advice, given when no boot option alone helps; null otherwise.</summary>
    public FirmwareAdvice? Firmware { get; init; }

    public bool CommandLineHelps => Answers.Any(a => !a.Candidate.SratHotplugFlag);
}
