using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Output;
using NUnit.Framework;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// The node masks after hotplug steps, against the real Linux 6.1 run hp1mn_offline_node1_all
/// (conformance-hotplug: srat2_hp1_movable_node's machine, every block of node 1 offlined, then one onlined to Normal).
/// </summary>
public class NodeMasksTests
{
    private static string Masks(Model.HotplugMachine m) => NodeMasksView.Of(m).Render();

    [Test]
    public void After_boot_a_movable_node_has_memory_but_no_normal_memory() =>
        Assert.That(Masks(ExpectedBoot.Machine("srat2_hp1_movable_node")),
            Is.EqualTo("possible: 0-1\nonline: 0-1\nhas_normal_memory: 0\nhas_memory: 0-1\nhas_cpu: 0-1\n"));

    [Test]
    public void A_node_whose_last_block_goes_offline_leaves_has_memory_and_stays_online()
    {
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_movable_node"), 1, new KernelLog()).Machine;
        Assert.That(Masks(m), Is.EqualTo("possible: 0-1\nonline: 0-1\nhas_normal_memory: 0\nhas_memory: 0\nhas_cpu: 0-1\n"));
    }

    [Test]
    public void Onlining_a_kernel_block_on_it_gives_it_normal_memory_again()
    {
        var log = new KernelLog();
        var m = NodeOffline.OfflineNode(ExpectedBoot.Machine("srat2_hp1_movable_node"), 1, log).Machine;
        m = BlockOnline.Online(m, 40, Machine.OnlineType.OnlineKernel).Machine;
        Assert.That(Masks(m), Is.EqualTo("possible: 0-1\nonline: 0-1\nhas_normal_memory: 0-1\nhas_memory: 0-1\nhas_cpu: 0-1\n"));
    }
}
