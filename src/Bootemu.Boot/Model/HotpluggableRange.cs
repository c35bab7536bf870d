namespace Bootemu.Boot.Model;

/// <summary>
/// An SRAT memory range with the Hot-pluggable flag: [Base, Base + Size) on node <paramref name="Nid"/>.
/// <paramref name="PresentAtBoot"/> is false for ranges with no e820 RAM (hot-add capacity only).
/// <paramref name="FlagKept"/> says whether memblock still marked the present part MEMBLOCK_HOTPLUG after
/// numa_clear_kernel_node_hotplug (false when the node holds boot reservations).
/// </summary>
public sealed record HotpluggableRange(ulong Base, ulong Size, int Nid, bool PresentAtBoot, bool FlagKept)
{
    public ulong End => Base + Size;
}
