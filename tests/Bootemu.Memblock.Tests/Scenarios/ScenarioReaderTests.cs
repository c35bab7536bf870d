using Bootemu.Core;
using Bootemu.Memblock.Scenarios;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests.Scenarios;

/// <summary>MemblockScenarioReader: the YAML shape of issue 3, its defaults and its refusals.</summary>
public class ScenarioReaderTests
{
    private static MemblockScenario Read(string yaml) => MemblockScenarioReader.Read(yaml, "s.yaml");

    [Test]
    public void Settings_default_to_the_kernels_boot_state()
    {
        var s = Read("ops: []\n").Settings;
        Assert.That(s, Is.EqualTo(new MemblockSettings(BottomUp: false, CurrentLimit: ulong.MaxValue, MovableNode: false, AllowResize: false)));
    }

    [Test]
    public void Alloc_defaults_are_any_node_accessible_and_cache_line_aligned()
    {
        var op = (AllocOp)Read("ops:\n  - alloc: {id: a, size: 4K}\n").Ops.Single();
        Assert.That((op.Size, op.Align, op.MinAddr, op.MaxAddr, op.Nid, op.ExactNid, op.Raw),
            Is.EqualTo((0x1000UL, 64UL, 0UL, Memblock.AllocAccessible, Memblock.NumaNoNode, false, false)));
    }

    [Test]
    public void Max_addr_minus_1_is_anywhere_and_suffixes_are_powers_of_1024()
    {
        var op = (AllocOp)Read("ops:\n  - alloc: {id: a, size: 2M, max_addr: -1, min_addr: 1G}\n").Ops.Single();
        Assert.That((op.Size, op.MinAddr, op.MaxAddr), Is.EqualTo((0x200000UL, 0x40000000UL, ulong.MaxValue)));
    }

    [Test]
    public void Add_without_nid_or_flags_is_plain_memblock_add()
    {
        var op = (AddOp)Read("ops:\n  - add: {base: 0x0, size: 1T}\n").Ops.Single();
        Assert.That((op.Nid, op.Flags, op.Size), Is.EqualTo(((int?)null, MemblockFlags.None, 1UL << 40)));
    }

    [Test]
    public void Flags_lists_combine()
    {
        var op = (AddOp)Read("ops:\n  - add: {base: 0x0, size: 1G, flags: [hotplug, nomap, driver_managed, mirror]}\n").Ops.Single();
        Assert.That(op.Flags, Is.EqualTo(MemblockFlags.Hotplug | MemblockFlags.Nomap | MemblockFlags.DriverManaged | MemblockFlags.Mirror));
    }

    [Test]
    public void Name_source_and_description_are_accepted_and_ignored()
    {
        Assert.That(Read("name: x\nsource: y\ndescription: z\nops: []\n").Ops, Is.Empty);
    }

    [Test]
    public void Missing_ops_is_an_error_at_the_document()
    {
        var e = Assert.Throws<InputException>(() => Read("settings: {}\n"))!;
        Assert.That(e.OneLine, Is.EqualTo("s.yaml:1:1: missing required key 'ops'"));
    }

    [Test]
    public void Unknown_setting_is_an_error_naming_the_allowed_ones()
    {
        var e = Assert.Throws<InputException>(() => Read("settings: {top_down: true}\nops: []\n"))!;
        Assert.That(e.OneLine, Does.StartWith("s.yaml:1:12: unknown key 'top_down'"));
    }

    [Test]
    public void Set_node_type_must_be_memory_or_reserved()
    {
        var e = Assert.Throws<InputException>(() => Read("ops:\n  - set_node: {base: 0, size: 1G, nid: 0, type: physmem}\n"))!;
        Assert.That(e.OneLine, Does.Contain("type must be memory or reserved"));
    }
}
