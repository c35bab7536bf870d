namespace Bootemu.Boot.Kernel;

/// <summary>
/// The kernel build an emulated machine boots: its version and every fact or rule in which one emulated kernel differs
/// from another. Chosen once per machine (<see cref="BootPipeline.Run"/> takes it) and handed to the steps that differ,
/// so a step asks the model, never a version number. A second kernel is added as a second instance that states its own
/// values; a behaviour that differs becomes a member here (a value, or a strategy object) read by the one step it
/// concerns.
/// </summary>
public sealed record KernelModel
{
    /// <summary>The kernel version as users name it ("6.1").</summary>
    public required string Version { get; init; }

    /// <summary>The exact build whose behaviour and layout were checked against real boots.</summary>
    public required string Build { get; init; }

    /// <summary>Where the image and its brk area sit with nokaslr.</summary>
    public required KernelImageLayout Image { get; init; }

    /// <summary>Debian 12's 6.1 build (6.1.0-56-amd64), the kernel of the boots in tests/conformance.</summary>
    public static KernelModel Linux61 { get; } = new()
    {
        Version = "6.1",
        Build = "Debian 6.1.0-56-amd64 (6.1.192-2)",
        // Read off the conformance boots: the image reservation, then reserve_brk's used part of the brk area, and
        // _end at the brk area's end.
        Image = new KernelImageLayout(ImageStart: 0x1000000, ImageEnd: 0x4400000, BrkEnd: 0x4411000, KernelEnd: 0x442c000),
    };

    /// <summary>Every kernel bootemu models, by version.</summary>
    public static IReadOnlyList<KernelModel> All { get; } = [Linux61];

    /// <summary>The model of <paramref name="version"/>, or null when bootemu has none.</summary>
    public static KernelModel? ForVersion(string version) => All.FirstOrDefault(k => k.Version == version);
}

/// <summary>
/// Where the kernel image lies with nokaslr: [<see cref="ImageStart"/>, <see cref="ImageEnd"/>) is what
/// early_reserve_memory reserves (_text to __end_of_kernel_reserve), the brk area starts at ImageEnd and reserve_brk
/// keeps its used part up to <see cref="BrkEnd"/>, and <see cref="KernelEnd"/> (_end) is where bottom-up
/// init_mem_mapping starts.
/// </summary>
/// <param name="ImageStart">CONFIG_PHYSICAL_START: _text with nokaslr.</param>
public sealed record KernelImageLayout(ulong ImageStart, ulong ImageEnd, ulong BrkEnd, ulong KernelEnd)
{
    public ulong BrkStart => ImageEnd;

    /// <summary>The same layout moved up by <paramref name="bytes"/> (a relocated load address).</summary>
    public KernelImageLayout Shifted(ulong bytes) =>
        new(ImageStart + bytes, ImageEnd + bytes, BrkEnd + bytes, KernelEnd + bytes);
}
