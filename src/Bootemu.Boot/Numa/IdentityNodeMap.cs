using System.Collections;

namespace Bootemu.Boot.Numa;

/// <summary>
/// emu_nid_to_phys when no numa=fake= emulation ran: every node is its own physical node. Answered from the index,
/// so a boot without emulation (almost every boot) does not fill a MAX_NUMNODES table. Immutable, hence shared.
/// </summary>
internal sealed class IdentityNodeMap : IReadOnlyList<int>
{
    public static IdentityNodeMap Instance { get; } = new();

    private IdentityNodeMap() { }

    public int Count => NumaConstants.MaxNumNodes;

    public int this[int nid] => (uint)nid < (uint)Count ? nid : throw new ArgumentOutOfRangeException(nameof(nid));

    public IEnumerator<int> GetEnumerator() => Enumerable.Range(0, Count).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
