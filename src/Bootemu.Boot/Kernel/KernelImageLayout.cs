namespace Bootemu.Boot.Kernel;


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
