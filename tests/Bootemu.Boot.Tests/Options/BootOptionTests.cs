using Bootemu.Boot.Model;
using Bootemu.Boot.Tests.Conformance;
using Bootemu.Core;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Options;

/// <summary>
/// Every memory boot option end to end on the srat2 machine of the conformance boots: node 0 =
/// [0, 2 GiB) with RAM up to 0x7ffe0000, node 1 = [4 GiB, 6 GiB), max_pfn 0x180000, 1048445 pages
/// of RAM. Each expectation is worked out by hand from the rules of docs/linux-6.1-boot-memory.md (section named).
/// </summary>
public class BootOptionTests
{
    private const string Machine = "srat2_default";

    private static BootResult Boot(string cmdline) => BootPipelineConformanceTests.Boot(Machine, cmdline);

    private static IReadOnlyList<string> Lines(BootResult boot) => boot.Log.Select(l => l.Text).ToList();

    private static ZoneLayout Zone(BootResult boot, int nid, ZoneType zone) => boot.Nodes.Single(n => n.Nid == nid).Zone(zone);

    [Test]
    public void Mem_limit_removes_ram_above_the_address_and_lowers_max_pfn()
    {
        // §5.4: mem=5G removes every RAM byte at or above 5 GiB; node 1 keeps [4G, 5G).
        var boot = Boot("mem=5G");
        Assert.That(Lines(boot), Does.Contain("e820: remove [mem 0x140000000-0xfffffffffffffffe] usable"));
        Assert.That(Lines(boot), Does.Contain("user: [mem 0x0000000100000000-0x000000013fffffff] usable"));
        Assert.That(Lines(boot), Does.Contain("last_pfn = 0x140000 max_arch_pfn = 0x400000000"));
        Assert.That(boot.MaxPfn, Is.EqualTo(new Pfn(0x140000)));
        Assert.That(Zone(boot, 1, ZoneType.Normal).PresentPages, Is.EqualTo(262144UL));
    }

    [TestCase("mem=1", TestName = "Mem_of_one_byte_leaves_no_ram_and_the_kernel_panics")]
    [TestCase("memmap=0x", TestName = "Memmap_of_nothing_at_zero_leaves_no_ram_and_the_kernel_panics")]
    public void No_usable_ram(string cmdline)
    {
        var boot = Boot(cmdline);
        Assert.That(boot.KernelPanics, Does.Contain("no usable RAM"));
        Assert.That(boot.Nodes.Where(n => n.PresentPages > 0), Is.Empty);
    }

    [Test]
    public void A_machine_with_ram_boots_without_a_panic() =>
        Assert.That(Boot("").KernelPanics, Is.Null);

    [Test]
    public void Mem_zero_is_malformed_and_leaves_the_map_alone()
    {
        // §5.4: memparse gives 0 -> -EINVAL -> "Malformed early option 'mem'", map unchanged.
        var boot = Boot("mem=0");
        Assert.That(Lines(boot), Does.Contain("Malformed early option 'mem'"));
        Assert.That(boot.MaxPfn, Is.EqualTo(new Pfn(0x180000)));
        Assert.That(boot.Notes, Has.Some.Contains("mem="));
    }

    [Test]
    public void Memmap_reserved_range_takes_ram_out_of_the_node()
    {
        // §5.5: memmap=1G$0x100000000 adds a reserved entry; the sanitiser lets reserved beat RAM and
        // merges it with the adjacent reserved [0xfffc0000, 4G), so node 1 keeps RAM only in [5G, 6G).
        var boot = Boot("memmap=1G$0x100000000");
        Assert.That(Lines(boot), Does.Contain("user: [mem 0x00000000fffc0000-0x000000013fffffff] reserved"));
        Assert.That(Lines(boot), Does.Contain("  node   1: [mem 0x0000000140000000-0x000000017fffffff]"));
        Assert.That(Zone(boot, 1, ZoneType.Normal).PresentPages, Is.EqualTo(262144UL));
    }

    [Test]
    public void Kernelcore_size_is_covered_by_low_memory_so_the_other_node_becomes_movable()
    {
        // §6.3 C: kernelcore=1G = 262144 pages over 2 nodes; node 0's 524157 pages below 4 GiB
        // use up the whole requirement, so node 1's ZONE_MOVABLE starts at its first pfn.
        var boot = Boot("kernelcore=1G");
        Assert.That(Lines(boot), Does.Contain("  Node 1: 0x0000000100000000"));
        Assert.That(Zone(boot, 1, ZoneType.Movable).PresentPages, Is.EqualTo(524288UL));
        Assert.That(Zone(boot, 1, ZoneType.Normal).SpannedPages, Is.EqualTo(0UL));
    }

    [Test]
    public void Kernelcore_percent_of_all_memory_at_100_gives_no_movable_zone()
    {
        // §6.3 C step 3: required kernelcore >= total -> no ZONE_MOVABLE anywhere.
        var boot = Boot("kernelcore=100%");
        Assert.That(boot.Nodes.All(n => n.MovableStartPfn is null));
        Assert.That(Lines(boot), Does.Not.Contain("  Node 1: 0x0000000100000000"));
    }

    [Test]
    public void Movablecore_size_takes_that_much_from_the_top_of_the_high_node()
    {
        // §5.3/§6.3: movablecore=1G -> kernelcore requirement = 1048445 - 262144 pages; after node
        // 0's low memory and one restart pass node 1 keeps [4G, 5G) as Normal: Movable from 5 GiB.
        var boot = Boot("movablecore=1G");
        Assert.That(Lines(boot), Does.Contain("  Node 1: 0x0000000140000000"));
        Assert.That(Zone(boot, 1, ZoneType.Normal).PresentPages, Is.EqualTo(262144UL));
        Assert.That(Zone(boot, 1, ZoneType.Movable).PresentPages, Is.EqualTo(262144UL));
    }

    [Test]
    public void Movablecore_over_100_percent_is_used_and_leaves_no_kernel_requirement()
    {
        // §5.3: 150 % is used as given (the kernel WARNs); total - total = 0 kernel pages -> no ZONE_MOVABLE.
        var boot = Boot("movablecore=150%");
        Assert.That(boot.Nodes.All(n => n.MovableStartPfn is null));
        Assert.That(boot.Notes, Has.Some.Contains("movablecore="));
    }

    [Test]
    public void Kernelcore_abc_reads_as_zero_and_is_ignored()
    {
        var boot = Boot("kernelcore=abc");
        Assert.That(boot.Nodes.All(n => n.MovableStartPfn is null));
        Assert.That(boot.Notes, Has.Some.Contains("kernelcore=abc"));
    }

    [Test]
    public void Kernelcore_mirror_without_mirrored_memory_makes_all_high_memory_movable_and_warns()
    {
        // §6.3 B: nothing is MIRROR, so everything at or above 4 GiB is Movable, and unmirrored
        // memory below 4 GiB prints the warning.
        var boot = Boot("kernelcore=mirror");
        Assert.That(Lines(boot), Does.Contain("This configuration results in unmirrored kernel memory."));
        Assert.That(Zone(boot, 1, ZoneType.Movable).PresentPages, Is.EqualTo(524288UL));
    }

    [Test]
    public void Numa_off_fakes_one_node_over_all_memory_without_reading_the_srat()
    {
        var boot = Boot("numa=off");
        Assert.That(Lines(boot), Does.Contain("NUMA turned off"));
        Assert.That(Lines(boot), Does.Contain("Faking a node at [mem 0x0000000000000000-0x000000017fffffff]"));
        Assert.That(Lines(boot).Where(l => l.StartsWith("ACPI: SRAT: Node", StringComparison.Ordinal)), Is.Empty);
        Assert.That(boot.Nodes.Select(n => n.Nid), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Numa_noacpi_walks_no_srat_entry_and_falls_back_to_one_node()
    {
        // §4.6: disable_srat -> no SRAT lines, "No NUMA configuration found".
        var boot = Boot("numa=noacpi");
        Assert.That(Lines(boot), Does.Contain("No NUMA configuration found"));
        Assert.That(Lines(boot).Where(l => l.StartsWith("SRAT: PXM", StringComparison.Ordinal)), Is.Empty);
        Assert.That(boot.Nodes.Select(n => n.Nid), Is.EqualTo(new[] { 0 }));
    }

    [TestCase("numa=nohmat", "reads no HMAT")]
    public void A_numa_option_without_an_emulated_effect_is_named_in_the_notes(string option, string why)
    {
        // The kernel accepts it (numa_setup); bootemu boots the firmware's nodes and must say it ignored the option.
        Assert.That(Boot(option).Notes, Has.Some.Matches<string>(note => note.StartsWith(option + ": ", StringComparison.Ordinal) && note.Contains(why)));
    }

    [Test]
    public void Acpi_off_lists_and_reserves_no_table_and_fakes_one_node()
    {
        var boot = Boot("acpi=off");
        Assert.That(Lines(boot).Where(l => l.StartsWith("ACPI: ", StringComparison.Ordinal)), Is.Empty);
        Assert.That(Lines(boot), Does.Contain("No NUMA configuration found"));
        Assert.That(boot.EarlyAllocations.Where(a => a.What.StartsWith("ACPI table", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Memblock_debug_prints_both_memblock_dumps()
    {
        // §3.6: the dump is printed at the end of e820__memblock_setup and of numa_register_memblks.
        var boot = Boot("memblock=debug");
        Assert.That(Lines(boot).Count(l => l == "MEMBLOCK configuration:"), Is.EqualTo(2));
        Assert.That(Lines(boot), Does.Contain("memblock_add: [0x0000000100000000-0x000000017fffffff] e820__memblock_setup+0x65/0x7d"));
    }

    [Test]
    public void Top_down_direct_map_tables_take_the_top_8_KiB_of_ram_before_node_data()
    {
        // srat2_default's real boot: NODE_DATA(1) allocated [mem 0x17ffd3000-0x17fffdfff], i.e. below
        // two page-table pages init_mem_mapping took from memblock at the top of RAM.
        var boot = Boot("nokaslr");
        var tables = boot.EarlyAllocations.Where(a => a.Kind == EarlyAllocationKind.PageTables).ToList();
        Assert.That(tables.Select(t => (t.Base, t.Size)), Is.EqualTo(new[] { (0x17fffe000UL, 0x2000UL) }));
    }

    [Test]
    public void Movable_node_keeps_every_boot_allocation_off_the_hotpluggable_node()
    {
        var boot = BootPipelineConformanceTests.Boot("srat2_hp1_movable_node", "movable_node");
        Assert.That(boot.EarlyAllocations.Where(a => a.Nid == 1), Is.Empty);
    }
}
