using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using NUnit.Framework;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Boot.Tests.Pipeline;

/// <summary>Pipeline decisions that no QEMU conformance boot exercises, each derived from the 6.1 source.</summary>
public class BootPipelineNodeTests
{
    // Two nodes with RAM and a CPU each, and PXM 2: a hot-pluggable range with no RAM at boot and no CPU.
    private const string ThreeNodeMachine = """
        name: three-node
        e820:
          - {base: 0x0, size: 0x9fc00, type: usable}
          - {base: 0x100000, size: 0x7ff00000, type: usable}
          - {base: 0x100000000, size: 0x80000000, type: usable}
        srat:
          entries:
            - apic: {pxm: 0, apic_id: 0, enabled: true}
            - apic: {pxm: 1, apic_id: 1, enabled: true}
            - memory: {pxm: 0, base: 0x0, length: 0x80000000, enabled: true}
            - memory: {pxm: 1, base: 0x100000000, length: 0x80000000, enabled: true}
            - memory: {pxm: 2, base: 0x200000000, length: 0x80000000, enabled: true, hotpluggable: true}
        """;

    private static BootResult Boot(string yaml, string cmdline = "")
    {
        var machine = MachineLoader.LoadFixture(yaml, "test.yaml", ".");
        return BootPipeline.Run(machine, KernelCommandLine.Parse(cmdline), new KernelLog(), KernelModel.Linux61);
    }

    private static string[] Lines(BootResult boot, string prefix) =>
        boot.Log.Select(l => l.Text).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    [Test]
    public void Zonelists_are_built_for_every_possible_node_and_list_only_nodes_with_memory()
    {
        // __build_all_zonelists walks for_each_node (every possible node has a pgdat since free_area_init);
        // find_next_best_node returns the local node first, then only N_MEMORY nodes, the lower-numbered of
        // two equally distant ones first. Node 2 is possible (its SRAT range) but memoryless.
        var boot = Boot(ThreeNodeMachine);
        Assert.That(Lines(boot, "Fallback order"), Is.EqualTo(new[]
        {
            "Fallback order for Node 0: 0 1 ",
            "Fallback order for Node 1: 1 0 ",
            "Fallback order for Node 2: 2 0 1 ",
        }));
    }

    [Test]
    public void Memoryless_possible_node_is_initialised_as_memoryless()
    {
        var boot = Boot(ThreeNodeMachine);
        Assert.That(Lines(boot, "Initializing node"), Is.EqualTo(new[] { "Initializing node 2 as memoryless" }));
        Assert.That(Lines(boot, "Initmem setup node 2"), Is.EqualTo(new[] { "Initmem setup node 2 as memoryless" }));
    }

    [Test]
    public void Node_without_a_cpu_or_initiator_or_memory_stays_offline()
    {
        // free_area_init gives node 2 a pg_data_t but leaves it offline; nothing later in setup_arch onlines it.
        var node = Boot(ThreeNodeMachine).Nodes.Single(n => n.Nid == 2);
        Assert.That(node.Online, Is.False);
    }

    [Test]
    public void Memoryless_node_with_a_cpu_is_set_online_by_init_cpu_to_node()
    {
        // The CPU's APIC id maps to node 2 through the SRAT; init_cpu_to_node sets a CPU's node online after
        // free_area_init, memory or not (no N_MEMORY, so zonelists still leave it out).
        var boot = Boot(ThreeNodeMachine.Replace("- apic: {pxm: 1, apic_id: 1, enabled: true}",
            "- apic: {pxm: 1, apic_id: 1, enabled: true}\n    - apic: {pxm: 2, apic_id: 2, enabled: true}"));
        var node = boot.Nodes.Single(n => n.Nid == 2);
        Assert.Multiple(() =>
        {
            Assert.That(node.Online, Is.True);
            Assert.That(node.Cpus, Is.EqualTo(new[] { 2 }));
            Assert.That(Lines(boot, "Initializing node"), Is.EqualTo(new[] { "Initializing node 2 as memoryless" }));
            Assert.That(Lines(boot, "Fallback order for Node 2"), Is.EqualTo(new[] { "Fallback order for Node 2: 2 0 1 " }));
        });
    }

    [Test]
    public void Memoryless_node_with_only_a_generic_initiator_is_set_online_by_init_gi_nodes()
    {
        var boot = Boot(ThreeNodeMachine.Replace("- memory: {pxm: 2, base: 0x200000000, length: 0x80000000, enabled: true, hotpluggable: true}",
            "- generic_initiator: {pxm: 2, enabled: true, acpi_device: {hid: ACPI0017, uid: 0}}"));
        var node = boot.Nodes.Single(n => n.Nid == 2);
        Assert.Multiple(() =>
        {
            Assert.That(node.Online, Is.True);
            Assert.That(node.Cpus, Is.Empty);
            Assert.That(node.EndPfn, Is.EqualTo(node.StartPfn));
        });
    }

    [Test]
    public void X2apic_ids_above_the_xapic_range_are_accepted_on_a_machine_that_needs_x2apic_mode()
    {
        // acpi_numa_x2apic_affinity_init asks the APIC driver whether the id is valid. A machine whose
        // firmware lists a CPU with x2APIC id 300 can only run it in x2APIC mode, where every id is valid.
        var boot = Boot(ThreeNodeMachine.Replace("- apic: {pxm: 1, apic_id: 1, enabled: true}",
            "- x2apic: {pxm: 1, x2apic_id: 300, enabled: true}"));
        Assert.That(Lines(boot, "SRAT: PXM 1"), Is.EqualTo(new[] { "SRAT: PXM 1 -> APIC 0x012c -> Node 1" }));
        Assert.That(boot.Nodes.Single(n => n.Nid == 1).Cpus, Has.Count.EqualTo(1));
    }

    [Test]
    public void X2apic_ids_below_255_keep_the_xapic_driver_that_ignores_larger_ones()
    {
        // The same table on a small machine (ids < 255): flat/physflat, as in every QEMU boot.
        var boot = Boot(ThreeNodeMachine.Replace("- apic: {pxm: 1, apic_id: 1, enabled: true}",
            "- x2apic: {pxm: 1, x2apic_id: 7, enabled: true}"));
        Assert.That(Lines(boot, "SRAT: PXM 1"), Is.EqualTo(new[] { "SRAT: PXM 1 -> APIC 0x0007 -> Node 1" }));
    }
}
