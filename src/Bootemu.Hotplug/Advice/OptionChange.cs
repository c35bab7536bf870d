using System.Collections.Immutable;

namespace Bootemu.Hotplug.Advice;

/// <summary>One boot option an answer sets: the word it puts on the command line in place of any word of the same name.</summary>
/// <param name="Name">the parameter name as the kernel reads it (movable_node, kernelcore, memory_hotplug.online_policy, ...).</param>
/// <param name="Value">its value, or null for a bare word such as movable_node.</param>
public sealed record OptionChange(string Name, string? Value)
{
    /// <summary>The word as it goes on the command line.</summary>
    public string Word => Value is null ? Name : $"{Name}={Value}";

    public override string ToString() => Word;
}

/// <summary>
/// One point of the search: the options it sets on the user's command line and whether it also sets the SRAT's
/// hot-pluggable flag on the asked nodes' memory (advice for the firmware, not a boot option).
/// </summary>
/// <param name="Index">its place in the generated order, which breaks ties between answers.</param>
public sealed record AdviceCandidate(int Index, ImmutableArray<OptionChange> Options, bool SratHotplugFlag)
{
    /// <summary>How many things change against what the user has: each option, and the firmware flag.</summary>
    public int Changes => Options.Length + (SratHotplugFlag ? 1 : 0);

    /// <summary>"add movable_node", "kernelcore=4G and movablecore=10%", "the SRAT hot-pluggable flag and movable_node", "no change".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (SratHotplugFlag) parts.Add("the SRAT hot-pluggable flag");
        parts.AddRange(Options.Select(o => o.Word));
        return parts.Count == 0 ? "no change" : string.Join(" and ", parts);
    }

    /// <summary>Whether every change of this candidate is also one of <paramref name="other"/>'s.</summary>
    public bool IsPartOf(AdviceCandidate other) =>
        (!SratHotplugFlag || other.SratHotplugFlag) && Options.All(o => other.Options.Contains(o));
}
