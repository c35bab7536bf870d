using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Script;

/// <summary>One step of a hotplug script, with the YAML location it came from (for errors that are the script's fault).</summary>
public abstract record HotplugStep(string Location)
{
    /// <summary>The step as a person would say it: "offline block 32".</summary>
    public abstract string Describe();

    /// <summary>The bootemu experiment (not Linux) the step belongs to, or null for a step every kernel knows.</summary>
    public virtual string? Experiment => null;
}

/// <summary>
/// alloc: {kind, size, node, block}: runtime pages from the page allocator; or alloc: {kind, size, zone}: from a
/// derived zone only (bootemu's derived-zones experiment, not Linux).
/// </summary>
internal sealed record AllocStep(string Location, AllocationKind Kind, ulong Size, int Node, long? Block, string? DerivedZone = null) : HotplugStep(Location)
{
    public override string Describe() => $"alloc {Kind.Name()} {SizeText(Size)} " + (DerivedZone is { } z
        ? $"in derived zone {z} ({Derived.Experiments.Tag})"
        : Block is { } b ? $"in block {b}" : $"on node {Node}");

    public override string? Experiment => DerivedZone is null ? null : Derived.Experiments.DerivedZones;

    internal static string SizeText(ulong bytes) =>
        bytes % (1UL << 30) == 0 ? $"{bytes >> 30}G" : bytes % (1UL << 20) == 0 ? $"{bytes >> 20}M" : bytes % 1024 == 0 ? $"{bytes >> 10}K" : $"{bytes}";
}

/// <summary>offline / online / online_kernel / online_movable of one block: a write of that word to its state file.</summary>
internal sealed record BlockStateStep(string Location, OnlineType Type, long Block) : HotplugStep(Location)
{
    public override string Describe() => $"{Type.ToWord()} block {Block}";
}

/// <summary>offline_node: N — every online block of the node.</summary>
internal sealed record OfflineNodeStep(string Location, int Node) : HotplugStep(Location)
{
    public override string Describe() => $"offline_node {Node}";
}

/// <summary>hot_add: {base, size, node} — an ACPI memory device; node is its _PXM's node (optional).</summary>
internal sealed record HotAddStep(string Location, ulong Base, ulong Size, int? Node) : HotplugStep(Location)
{
    public override string Describe() =>
        $"hot_add {Core.Printk.Printk.Mem10(Base, Base + Size - 1)}" + (Node is { } n ? $" node {n}" : "");
}

/// <summary>remove: {base, size} — remove_memory of offline memory.</summary>
internal sealed record RemoveStep(string Location, ulong Base, ulong Size) : HotplugStep(Location)
{
    public override string Describe() => $"remove {Core.Printk.Printk.Mem10(Base, Base + Size - 1)}";
}

/// <summary>
/// eject: {base, size} — the eject of the ACPI memory device at exactly that range (QEMU's device_del): the kernel offlines
/// its online blocks itself, then removes it, or puts them back online and fails busy.
/// </summary>
internal sealed record EjectStep(string Location, ulong Base, ulong Size) : HotplugStep(Location)
{
    public override string Describe() => $"eject {Core.Printk.Printk.Mem10(Base, Base + Size - 1)}";
}

/// <summary>remove_node: N — every memory block of the node, then try_offline_node.</summary>
internal sealed record RemoveNodeStep(string Location, int Node) : HotplugStep(Location)
{
    public override string Describe() => $"remove_node {Node}";
}
