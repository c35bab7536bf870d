using System.Globalization;

namespace Bootemu.Boot.Model;

/// <summary>
/// One reason a node's memory cannot be hot-removed after this boot. <see cref="Text"/> is the wording the JSON outputs
/// carry; <see cref="Sized"/> and <see cref="Allocation"/> keep what the wording was made from, so a report can word
/// the sizes in its own units and group the allocations the kernel makes many of.
/// </summary>
public sealed record RemovalBlocker(string Text)
{
    /// <summary>The same reason with its sizes left open, or null when it names no size.</summary>
    public SizedWords? Sized { get; init; }

    /// <summary>The early allocation this reason is about, or null when it is about something else.</summary>
    public EarlyAllocation? Allocation { get; init; }

    /// <summary>A reason worded from <paramref name="sized"/>, its <see cref="Text"/> with each size as <paramref name="size"/> writes it.</summary>
    public static RemovalBlocker Of(SizedWords sized, Func<ulong, string> size) => new(sized.Render(size)) { Sized = sized };
}

/// <summary>
/// Words with their sizes left open: a composite format (<c>{0}</c>, <c>{1}</c>, ...) and the sizes in bytes that fill
/// it, so the same sentence can be written with sizes in bytes or in binary units.
/// </summary>
public sealed record SizedWords(string Format, IReadOnlyList<ulong> Sizes)
{
    public string Render(Func<ulong, string> size) =>
        string.Format(CultureInfo.InvariantCulture, Format, Sizes.Select(size).ToArray<object>());

    /// <summary>Text put into a <see cref="Format"/> as it is (braces doubled).</summary>
    public static string Literal(string text) => text.Replace("{", "{{").Replace("}", "}}");
}

/// <summary>
/// The hot-remove verdict for one node that firmware declared (at least partly) hot-pluggable and that had memory at
/// boot. Boot only shows these: the hotplug layer decides them by its offline rules (Bootemu.Hotplug's
/// HotRemoveReadiness), and the caller hands them to the renderers.
/// </summary>
public sealed record NodeReadiness(int Nid, bool Removable, IReadOnlyList<RemovalBlocker> Blockers);
