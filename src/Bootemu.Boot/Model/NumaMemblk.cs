namespace Bootemu.Boot.Model;

/// <summary>
/// struct numa_memblk: one range of physical memory claimed for a node, [Start, End).
/// The x86 NUMA code keeps these in insertion order; they are not sorted.
/// </summary>
public readonly record struct NumaMemblk(ulong Start, ulong End, int Nid)
{
    public ulong Size => End - Start;
}
