using System.Text;
using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Hotplug.Advice;

/// <summary>`bootemu advise` as text: the nodes as booted, the count of candidates tried, the answers, and when no boot option helps, why and the firmware change.</summary>
public static class AdviceText
{
    /// <param name="limit">how many answers to list; 0 lists all.</param>
    public static string Render(RemovalAdvice advice, int limit)
    {
        var sb = new StringBuilder();
        string nodes = NodeList(advice.Nodes);
        string steps = string.Join(", ", advice.Nodes.Select(n => $"offline_node {n}, remove_node {n}"));
        sb.Append($"Kernel: Linux {advice.Baseline.Kernel.Version} ({advice.Baseline.Kernel.Build})\n");
        sb.Append($"Asked: make {nodes} removable: an answer is a boot whose emulated {steps} all succeed\n");
        sb.Append($"Command line as given: {Quoted(advice.CommandLine)}\n");
        foreach (var n in advice.AsBooted)
            sb.Append(n.Removable
                ? $"  node {n.Nid}: removable as booted: no change needed\n"
                : $"  node {n.Nid}: NOT removable as booted: {n.Failure}\n");
        if (advice.NoChangeNeeded)
        {
            sb.Append($"\nNo change needed. Tried {Candidates(advice.CandidatesTried)} (the command line as given).\n");
            return sb.ToString();
        }

        sb.Append($"\nTried {Candidates(advice.CandidatesTried)}; {advice.AnswersFound} let {nodes} go");
        if (advice.AnswersFound != advice.Answers.Length)
            sb.Append($", {advice.Answers.Length} after leaving out those that only add options to a cheaper one");
        sb.Append(".\n");
        foreach (var skipped in advice.NotTried) sb.Append($"Not tried: {skipped}.\n");

        if (!advice.CommandLineHelps && advice.CommandLineLimit is { } limitOfCmdline)
        {
            sb.Append($"\nNothing on the command line makes {nodes} removable: the kernel's own early allocations stay on {(advice.Nodes.Length == 1 ? "it" : "them")}.\n");
            Closest(sb, limitOfCmdline);
        }
        if (advice.Firmware is { } firmware) Firmware(sb, firmware, nodes);

        var listed = advice.Answers.Take(limit == 0 ? advice.Answers.Length : limit).ToList();
        if (listed.Count > 0) sb.Append("\nAnswers, smallest change first, then least cost:\n");
        int number = 0;
        foreach (var answer in listed) Answer(sb, ++number, answer);
        if (listed.Count < advice.Answers.Length)
            sb.Append($"... and {advice.Answers.Length - listed.Count} more (--limit 0 lists them all)\n");
        return sb.ToString();
    }

    private static void Answer(StringBuilder sb, int number, AdviceAnswer answer)
    {
        var c = answer.Candidate;
        sb.Append($"{number}. {(c.Changes == 0 ? "no change" : Changes(c))}\n");
        sb.Append($"   command line: {Quoted(answer.CommandLine)}\n");
        var cost = answer.Cost;
        if (cost.KernelBytesLost == 0)
            sb.Append("   cost: none: the kernel keeps all the memory it could use for unmovable allocations\n");
        else
        {
            var split = new List<string>();
            ulong moved = cost.KernelBytesLost - Math.Min(cost.KernelBytesLost, cost.UnusedBytes);
            if (moved != 0) split.Add($"{SizeText.Human(moved)} into ZONE_MOVABLE");
            if (cost.UnusedBytes != 0) split.Add($"{SizeText.Human(cost.UnusedBytes)} not used at all");
            sb.Append($"   cost: {SizeText.Human(cost.KernelBytesLost)} the kernel can no longer use for unmovable allocations ({string.Join(", ", split)}): " +
                      string.Join(", ", cost.Nodes.Where(n => n.KernelBytesLost != 0).Select(n => $"node {n.Nid} {SizeText.Human(n.KernelBytesLost)}")) + "\n");
        }
        var lost = cost.NodesLosingAllKernelMemory.ToList();
        sb.Append($"   nodes left without kernel memory: {(lost.Count == 0 ? "none" : string.Join(", ", lost))}\n");
        foreach (var node in cost.Nodes)
            sb.Append($"   node {node.Nid} zones: " + string.Join(", ", node.Zones.Select(z =>
                $"{ZoneNames.Of(z.Zone)} {Size(z.PagesBefore)} -> {Size(z.PagesAfter)}")) + "\n");
        if (answer.DependsOnAnIdleKernel)
            sb.Append($"   caution: {SizeText.Human(cost.KernelZoneBytesOnAskedNodes)} of the nodes is still in a kernel zone: offline took it only " +
                      "because the emulated kernel has allocated nothing there yet; a running kernel puts unmovable pages there\n");
    }

    private static void Closest(StringBuilder sb, ClosestCandidate closest)
    {
        sb.Append($"The closest candidate, {Changes(closest.Candidate)} (command line {Quoted(closest.CommandLine)}), fails: {closest.Failure}\n");
        foreach (var verdict in closest.Verdicts)
        {
            sb.Append($"What still pins node {verdict.Nid} there:\n");
            foreach (var blocker in verdict.Blockers) sb.Append($"  - {blocker.Text}\n");
        }
    }

    private static void Firmware(StringBuilder sb, FirmwareAdvice firmware, string nodes)
    {
        if (firmware.Change is not { } change)
        {
            sb.Append($"\nFirmware: no SRAT change to advise: {firmware.WhyNone}.\n");
            return;
        }
        sb.Append($"\nFirmware: set the Hot Pluggable flag (bit 1 of Flags) of these SRAT memory affinity entries:\n");
        foreach (var e in change.Entries)
            sb.Append($"  entry at offset {e.Offset} (0x{e.Offset:x}): PXM {e.Pxm} {Printk.Mem10(e.Base, e.Base + e.Length - 1)} (node {e.Nid})\n");
        if (firmware.Helps)
            sb.Append($"With it, {nodes} can go: the answers below that name the SRAT hot-pluggable flag.\n");
        else
        {
            sb.Append($"It does not free {nodes} either.\n");
            if (firmware.Closest is { } closest) Closest(sb, closest);
        }
    }

    private static string Changes(AdviceCandidate c)
    {
        var parts = new List<string>();
        if (c.SratHotplugFlag) parts.Add("set the SRAT hot-pluggable flag (firmware)");
        parts.AddRange(c.Options.Select(o => o.Word));
        return parts.Count == 0 ? "the command line as given" : string.Join(" + ", parts);
    }

    private static string NodeList(IReadOnlyList<int> nodes) => (nodes.Count == 1 ? "node " : "nodes ") + string.Join(",", nodes);

    private static string Candidates(int n) => n == 1 ? "1 candidate option set" : $"{n} candidate option sets";

    private static string Quoted(string commandLine) => $"\"{commandLine}\"";

    private static string Size(ulong pages) => pages == 0 ? "0" : SizeText.Human(pages << Pfn.PageShift);
}
