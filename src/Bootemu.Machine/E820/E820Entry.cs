namespace Bootemu.Machine.E820;

/// <summary>struct e820_entry: one range of the firmware memory map, [Addr, Addr + Size).</summary>
public readonly record struct E820Entry(ulong Addr, ulong Size, E820Type Type)
{
    public ulong End => Addr + Size;
}
