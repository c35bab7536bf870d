namespace Bootemu.Hotplug.Model;

/// <summary>Which onlining rules apply: the emulated kernel's own, or Linux 3.8's for comparison.</summary>
public enum HotplugRules
{
    /// <summary>
    /// The emulated kernel's (6.1 and 6.12 share them; where they differ the boot's kernel model says how): any offline
    /// block may go to its kernel zone or ZONE_MOVABLE; valid_zones and online policies.
    /// </summary>
    Kernel,

    /// <summary>
    /// Linux 3.8, the first online_movable/online_kernel support: only the highest block of Normal may become
    /// Movable, only the lowest block of Movable may become Normal, and a node with memory keeps some Normal memory.
    /// </summary>
    Linux38,
}

/// <summary>What the emulated machine is, beyond what the boot decided.</summary>
public sealed record HotplugSettings
{
    /// <summary>X86_FEATURE_HYPERVISOR: a VM picks the largest block size that divides the end of boot memory.</summary>
    public bool Hypervisor { get; init; } = true;

    public HotplugRules Rules { get; init; } = HotplugRules.Kernel;
}
