using System.Collections.Immutable;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Advice;

/// <summary>One boot option the search varies, and the values it tries (the user's own value left out).</summary>
internal sealed record OptionDimension(string Name, ImmutableArray<OptionChange> Values);

/// <summary>
/// The candidates of a search, generated up front in the order answers are wanted: the command line as given, then
/// every single option, then every pair of options of different names; then the same with the SRAT's hot-pluggable
/// flag set (alone and with each single option) when the firmware could change. The sizes come from the machine:
/// kernelcore= and movablecore= try sixteenths of its memory, the asked nodes' share and the rest, and 5 % steps; mem=
/// tries the start of each node from the lowest asked node up (cutting that node and all above it off).
/// memhp_default_state= and memory_hotplug.* only decide where hot-added memory goes, so they are tried only when
/// memory devices are present at boot.
/// </summary>
internal static class CandidateGrid
{
    private const ulong MiB = 1UL << 20;
    private const ulong SizeGranule = 128 * MiB;

    /// <summary>auto_movable_ratio values tried: none movable, as much as kernel, the default, ten times.</summary>
    private static readonly uint[] Ratios = [0, 100, BootOptions.DefaultAutoMovableRatio, 1000];

    public static (ImmutableArray<AdviceCandidate> Candidates, ImmutableArray<string> NotTried) Generate(
        BootResult baseline, HotplugMachine booted, IReadOnlyList<int> nodes, bool firmware)
    {
        var notTried = ImmutableArray.CreateBuilder<string>();
        var dims = Dimensions(baseline, booted, nodes, notTried);
        var sets = new List<ImmutableArray<OptionChange>> { ImmutableArray<OptionChange>.Empty };
        var singles = dims.SelectMany(d => d.Values.Select(v => ImmutableArray.Create(v))).ToList();
        sets.AddRange(singles);
        for (int i = 0; i < dims.Count; i++)
            for (int j = i + 1; j < dims.Count; j++)
                foreach (var a in dims[i].Values)
                    foreach (var b in dims[j].Values)
                        sets.Add([a, b]);

        var policy = baseline.Options.OnlinePolicy;
        bool Meaningful(ImmutableArray<OptionChange> set) =>
            !set.Any(o => o.Name == RatioName) || set.Any(o => o is { Name: PolicyName, Value: AutoMovable }) || policy == OnlinePolicy.AutoMovable;

        var candidates = ImmutableArray.CreateBuilder<AdviceCandidate>();
        foreach (var set in sets.Where(Meaningful)) candidates.Add(new AdviceCandidate(candidates.Count, set, false));
        if (firmware)
            foreach (var set in singles.Prepend(ImmutableArray<OptionChange>.Empty).Where(Meaningful))
                candidates.Add(new AdviceCandidate(candidates.Count, set, true));
        return (candidates.ToImmutable(), notTried.ToImmutable());
    }

    private const string RatioName = "memory_hotplug.auto_movable_ratio";
    private const string PolicyName = "memory_hotplug.online_policy";
    private const string AutoMovable = "auto-movable";

    private static List<OptionDimension> Dimensions(BootResult baseline, HotplugMachine booted, IReadOnlyList<int> nodes,
        ImmutableArray<string>.Builder notTried)
    {
        var user = baseline.Options;
        ulong total = baseline.Nodes.Aggregate(0UL, (s, n) => s + n.PresentPages) << Pfn.PageShift;
        ulong asked = baseline.Nodes.Where(n => nodes.Contains(n.Nid)).Aggregate(0UL, (s, n) => s + n.PresentPages) << Pfn.PageShift;
        var dims = new List<OptionDimension>();
        void Add(string name, IEnumerable<OptionChange> values)
        {
            var kept = values.ToImmutableArray();
            if (!kept.IsEmpty) dims.Add(new OptionDimension(name, kept));
        }

        if (!user.MovableNode) Add("movable_node", [new OptionChange("movable_node", null)]);
        var sizes = CoreSizes(total, asked);
        Add("kernelcore", sizes.Where(s => s.Size != user.Kernelcore || user.KernelcoreMirror).Select(s => new OptionChange("kernelcore", s.Text)));
        Add("movablecore", sizes.Where(s => s.Size != user.Movablecore).Select(s => new OptionChange("movablecore", s.Text)));

        var starts = baseline.Nodes.Where(n => n.Online && n.PresentPages > 0).Select(n => n.StartPfn.Address).ToList();
        ulong? lowestAsked = baseline.Nodes.Where(n => nodes.Contains(n.Nid) && n.PresentPages > 0).Select(n => (ulong?)n.StartPfn.Address).Min();
        if (lowestAsked is { } from)
            Add("mem", starts.Where(s => s >= from && s > 0 && s != user.MemLimit).Distinct().Order()
                .Select(s => new OptionChange("mem", SizeWord(s))));

        if (booted.DevicesAtBoot.IsEmpty)
        {
            notTried.Add("memhp_default_state=, memory_hotplug.online_policy= and memory_hotplug.auto_movable_ratio= only choose the zone " +
                         "of hot-added memory, and this machine has no memory device present at boot");
            return dims;
        }
        Add("memhp_default_state", new[] { OnlineType.Online, OnlineType.OnlineKernel, OnlineType.OnlineMovable, OnlineType.Offline }
            .Where(t => t != user.MemhpDefaultState).Select(t => new OptionChange("memhp_default_state", t.ToWord())));
        Add(PolicyName, [new OptionChange(PolicyName, user.OnlinePolicy == OnlinePolicy.AutoMovable ? "contig-zones" : AutoMovable)]);
        Add(RatioName, Ratios.Where(r => r != user.AutoMovableRatio).Select(r => new OptionChange(RatioName, r.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return dims;
    }

    /// <summary>
    /// kernelcore=/movablecore= values: sixteenths of all memory (in 128 MiB steps), the asked nodes' memory and the rest
    /// (each rounded up to a MiB), and 5 % to 95 % with the asked nodes' share and the rest's, rounded to whole percents.
    /// </summary>
    private static List<(CoreSize Size, string Text)> CoreSizes(ulong total, ulong asked)
    {
        var bytes = new SortedSet<ulong>();
        ulong step = Math.Max(SizeGranule, (total / 16 + SizeGranule - 1) / SizeGranule * SizeGranule);
        for (ulong s = step; s < total; s += step) bytes.Add(s);
        foreach (ulong exact in new[] { asked, total - asked })
        {
            ulong rounded = (exact + MiB - 1) / MiB * MiB;
            if (rounded != 0 && rounded < total) bytes.Add(rounded);
        }
        var percents = new SortedSet<ulong>();
        for (ulong p = 5; p < 100; p += 5) percents.Add(p);
        if (total != 0)
        {
            ulong share = (asked * 100 + total - 1) / total;
            foreach (ulong p in new[] { share, 100 - share })
                if (p is > 0 and < 100) percents.Add(p);
        }
        return bytes.Select(b => (new CoreSize(CoreSizeKind.Pages, b >> Pfn.PageShift), SizeWord(b)))
            .Concat(percents.Select(p => (new CoreSize(CoreSizeKind.Percent, p), $"{p}%")))
            .ToList();
    }

    /// <summary>A size as memparse reads it, in the largest unit that divides it: 16G, 1536M, 640K.</summary>
    internal static string SizeWord(ulong bytes)
    {
        foreach (var (shift, unit) in new[] { (40, "T"), (30, "G"), (20, "M"), (10, "K") })
            if (bytes != 0 && bytes % (1UL << shift) == 0) return $"{bytes >> shift}{unit}";
        return bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
