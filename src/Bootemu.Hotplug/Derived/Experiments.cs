namespace Bootemu.Hotplug.Derived;

/// <summary>
/// bootemu's opt-in experiments: behaviours no Linux kernel has, which a script (<c>experimental: [name]</c>) or the
/// command line (<c>--experimental name</c>) must ask for, and which every output labels as not Linux.
/// </summary>
public static class Experiments
{
    /// <summary>Derived zones: zones carved out of a node's zones (an unmerged 2007 proposal), see <c>DerivedZones</c>.</summary>
    public const string DerivedZones = "derived-zones";

    /// <summary>Every experiment bootemu has, for help texts and errors.</summary>
    public static readonly IReadOnlyList<string> Known = [DerivedZones];

    /// <summary>The mark on every step and line of an experiment.</summary>
    public const string Tag = "bootemu experiment, not Linux";

    /// <summary>What the heading of every output's derived-zones part says.</summary>
    public const string DerivedZonesLabel =
        "bootemu experiment, not Linux behaviour: derived zones, after an unmerged 2007 proposal to merge zones and nodes";

    /// <summary>The refusal of a derived-zones step or key in a script that did not opt in.</summary>
    public static string DerivedZonesRefusal(string what) =>
        $"{what} belongs to bootemu's {DerivedZones} experiment, not Linux behaviour (derived zones were proposed for " +
        $"Linux in 2007 and never merged); opt in with 'experimental: [{DerivedZones}]' in the script or --experimental {DerivedZones}";
}
