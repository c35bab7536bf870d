using Bootemu.Core.Logging;
using Bootemu.Hotplug.Model;

namespace Bootemu.Hotplug.Tests;

/// <summary>remove_memory (try_remove_memory) and try_offline_node.</summary>
public class HotRemoveTests
{
    private const ulong G = 1UL << 30;

    [Test]
    public void Removing_online_memory_fails_with_the_kernels_line_EBUSY()
    {
        var log = new KernelLog();
        var outcome = HotRemove.Remove(ExpectedBoot.Machine("srat2_default"), 0x140000000, 1UL << 27, log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(log.Lines.Single().Text,
            Is.EqualTo("removing memory fails, because memory [0x0000000140000000-0x0000000147ffffff] is onlined"));
    }

    [Test]
    public void A_hot_added_offline_dimm_is_removed_and_its_memmap_freed()
    {
        var log = new KernelLog();
        var m = HotAdd.Add(ExpectedBoot.Machine("qemu_numa2_pcdimm"), 0x180000000, G, 1, log).Machine;
        var outcome = HotRemove.Remove(m, 0x180000000, G, log);
        Assert.That(outcome.Succeeded, Is.True);
        Assert.That(outcome.Machine.Blocks.Keys.Max(), Is.EqualTo(47));
        Assert.That(outcome.Machine.Blocks.Values.Sum(b => (long)b.UsedPages(AllocationKind.Memmap)), Is.EqualTo(0));
    }

    [Test]
    public void A_node_with_CPUs_stays_online_after_its_memory_is_removed()
    {
        var log = new KernelLog();
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_movable_node"), 1, log).Machine;
        var outcome = HotRemove.RemoveNode(m, 1, log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.OnlineNodes, Does.Contain(1));
        Assert.That(outcome.Detail, Does.Contain("memoryless"));
    }

    [Test]
    public void A_node_without_CPUs_goes_offline_once_its_memory_is_removed()
    {
        // srat4_hp23_movable_node: nodes 2 and 3 are hotpluggable, Movable, and have no CPUs.
        var log = new KernelLog();
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat4_hp23_movable_node"), 3, log).Machine;
        var outcome = HotRemove.RemoveNode(m, 3, log);
        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Machine.OnlineNodes, Does.Not.Contain(3));
    }

    [Test]
    public void Without_movable_node_a_node_holding_its_own_NODE_DATA_cannot_be_emptied()
    {
        var log = new KernelLog();
        var outcome = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_no_movable_node"), 1, log);
        Assert.That(outcome.Error, Is.EqualTo(Errno.EBUSY));
        Assert.That(HotRemove.RemoveNode(outcome.Machine, 1, log).Error, Is.EqualTo(Errno.EBUSY));
    }

    [Test]
    public void Offlining_every_block_of_a_node_empties_its_zone_span()
    {
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_movable_node"), 1, new KernelLog()).Machine;
        Assert.That(m.NodeSpannedPages(1), Is.EqualTo(0));
        Assert.That(m.HasMemory(1), Is.False);
    }
}
