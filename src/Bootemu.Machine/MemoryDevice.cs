namespace Bootemu.Machine;

/// <summary>
/// An ACPI memory device present at boot (a QEMU pc-dimm, a populated hot-plug slot): the kernel finds it in the ACPI
/// namespace during acpi_init and hot-adds it (acpi_memhotplug), after the boot-time memory path. <see cref="Node"/> is
/// its _PXM's node; null when it has none, and then the kernel takes the node from the SRAT range holding it.
/// </summary>
public sealed record MemoryDevice(ulong Base, ulong Size, int? Node)
{
    public ulong End => Base + Size;
}
