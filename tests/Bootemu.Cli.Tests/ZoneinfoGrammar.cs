using System.Text.RegularExpressions;

namespace Bootemu.Cli.Tests;

/// <summary>One "Node N, zone NAME" block of /proc/zoneinfo: its keys in the order printed, each with its value as text.</summary>
internal sealed record ZoneinfoBlock(int Node, string Zone, IReadOnlyList<(string Key, string Value)> Entries)
{
    public string? Value(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;
}

/// <summary>
/// A strict reader of /proc/zoneinfo's line grammar (zoneinfo_show_print), as a script reading the real file would parse
/// it: every line must be one of the forms below, or the text is not zoneinfo. Per CPU the pageset keys are
/// "cpu N count", "cpu N high", "cpu N batch" and "cpu N vm stats threshold"; counters keep their vmstat names.
/// </summary>
internal static partial class ZoneinfoGrammar
{
    [GeneratedRegex(@"^Node (\d+), zone +(\S+)$")] private static partial Regex Header();
    [GeneratedRegex(@"^  per-node stats$")] private static partial Regex NodeStats();
    [GeneratedRegex(@"^      (\w+) +(\d+)$")] private static partial Regex Counter();
    [GeneratedRegex(@"^  pages free +(\d+)$")] private static partial Regex Free();
    [GeneratedRegex(@"^        (boost|min|low|high|promo|spanned|present|managed|cma) +(\d+)$")] private static partial Regex Page();
    [GeneratedRegex(@"^        protection: \((\d+(?:, \d+)*)\)$")] private static partial Regex Protection();
    [GeneratedRegex(@"^  pagesets$")] private static partial Regex Pagesets();
    [GeneratedRegex(@"^    cpu: (\d+)$")] private static partial Regex Cpu();
    [GeneratedRegex(@"^              (count|high|batch): +(-?\d+)$")] private static partial Regex Pageset();
    [GeneratedRegex(@"^  vm stats threshold: (\d+)$")] private static partial Regex Threshold();
    [GeneratedRegex(@"^  (node_unreclaimable|start_pfn): +(\d+)$")] private static partial Regex Tail();

    public static List<ZoneinfoBlock> Parse(string text)
    {
        var blocks = new List<ZoneinfoBlock>();
        List<(string, string)>? entries = null;
        string? cpu = null;
        int number = 0;
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            number++;
            if (line.Length == 0) continue;
            Match m;
            if ((m = Header().Match(line)).Success)
            {
                entries = [];
                cpu = null;
                blocks.Add(new ZoneinfoBlock(int.Parse(m.Groups[1].Value), m.Groups[2].Value, entries));
                continue;
            }
            if (entries is null) throw new FormatException($"line {number}: \"{line}\" before the first zone header");
            if (NodeStats().IsMatch(line)) entries.Add(("per-node stats", ""));
            else if ((m = Counter().Match(line)).Success) entries.Add((m.Groups[1].Value, m.Groups[2].Value));
            else if ((m = Free().Match(line)).Success) entries.Add(("pages free", m.Groups[1].Value));
            else if ((m = Page().Match(line)).Success) entries.Add((m.Groups[1].Value, m.Groups[2].Value));
            else if ((m = Protection().Match(line)).Success) entries.Add(("protection", m.Groups[1].Value));
            else if (Pagesets().IsMatch(line)) entries.Add(("pagesets", ""));
            else if ((m = Cpu().Match(line)).Success) entries.Add(("cpu", cpu = m.Groups[1].Value));
            else if ((m = Pageset().Match(line)).Success && cpu is not null) entries.Add(($"cpu {cpu} {m.Groups[1].Value}", m.Groups[2].Value));
            else if ((m = Threshold().Match(line)).Success && cpu is not null) entries.Add(($"cpu {cpu} vm stats threshold", m.Groups[1].Value));
            else if ((m = Tail().Match(line)).Success) entries.Add((m.Groups[1].Value, m.Groups[2].Value));
            else throw new FormatException($"line {number}: \"{line}\" is no /proc/zoneinfo line");
        }
        return blocks;
    }
}
