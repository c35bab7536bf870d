namespace Bootemu.Machine.CommandLine;

/// <summary>
/// Where two kernel builds parse the same command line differently: which words they register, and how a parameter's
/// value is read. Each build bootemu models states its own (the boot's kernel model holds it).
/// </summary>
public sealed record CommandLineRules
{
    /// <summary>
    /// Whether <c>pti=</c> and <c>nopti</c> are registered early params: on 6.12 (arch/x86/mm/pti.c) they are; 6.1 only
    /// looks them up with cmdline_find_option, so parse_args reports them as unknown and hands them to init.
    /// </summary>
    public required bool PtiIsEarlyParam { get; init; }

    /// <summary>
    /// memory_hotplug.memmap_on_memory: on 6.1 a plain bool parameter (the bare word means yes); on 6.12 set_memmap_mode,
    /// which also takes "force" and, having no value-less form, rejects the bare word as invalid.
    /// </summary>
    public required bool MemmapOnMemoryHasForceMode { get; init; }

    /// <summary>Debian's 6.1 build.</summary>
    public static CommandLineRules Linux61 { get; } = new() { PtiIsEarlyParam = false, MemmapOnMemoryHasForceMode = false };

    /// <summary>Debian's 6.12 build.</summary>
    public static CommandLineRules Linux612 { get; } = new() { PtiIsEarlyParam = true, MemmapOnMemoryHasForceMode = true };
}
