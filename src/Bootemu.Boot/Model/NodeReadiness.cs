namespace Bootemu.Boot.Model;

/// <summary>One reason a node's memory cannot be hot-removed after this boot, as the report words it.</summary>
public sealed record RemovalBlocker(string Text);

/// <summary>
/// The hot-remove verdict for one node that firmware declared (at least partly) hot-pluggable and that had memory at
/// boot. Boot only shows these: the hotplug layer decides them by its offline rules (Bootemu.Hotplug's
/// HotRemoveReadiness), and the caller hands them to the renderers.
/// </summary>
public sealed record NodeReadiness(int Nid, bool Removable, IReadOnlyList<RemovalBlocker> Blockers);
