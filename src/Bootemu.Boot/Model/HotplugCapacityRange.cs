namespace Bootemu.Boot.Model;

/// <summary>
/// An SRAT memory range with no RAM at boot (numa_reserved_meminfo): where the firmware expects memory to be hot-added,
/// and the node it will belong to.
/// </summary>
/// <param name="Hotpluggable">whether the SRAT entry carries the hot-pluggable flag.</param>
public sealed record HotplugCapacityRange(ulong Base, ulong Size, int Nid, bool Hotpluggable)
{
    public ulong End => Base + Size;
}
