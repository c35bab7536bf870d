using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Tests;

/// <summary>The derived-zones experiment in scripts: refused unless opted in, read strictly, sized in whole MAX_ORDER blocks.</summary>
public class DerivedZoneScriptTests
{
    private const string OptIn = "experimental: [derived-zones]\n";

    private static InputException Refused(string yaml) =>
        Assert.Throws<InputException>(() => HotplugScript.Parse(yaml, "s.yaml"))!;

    [Test]
    public void Derive_zone_without_the_opt_in_is_refused_as_not_Linux_behaviour()
    {
        var e = Refused("steps:\n  - derive_zone: {name: pool, node: 0, base: Normal, size: 4M}\n");
        Assert.That(e.OneLine, Does.StartWith("s.yaml:2:5: derive_zone belongs to bootemu's derived-zones experiment, not Linux behaviour"));
    }

    [Test]
    public void Alloc_with_a_zone_without_the_opt_in_is_refused_as_not_Linux_behaviour()
    {
        var e = Refused("steps:\n  - alloc: {kind: movable, size: 4K, zone: pool}\n");
        Assert.That(e.OneLine, Does.StartWith("s.yaml:2:44: alloc's zone: (a derived zone) belongs to bootemu's derived-zones experiment, not Linux behaviour"));
    }

    [Test]
    public void A_script_opts_in_with_its_experimental_key_and_each_step_says_it_is_not_Linux()
    {
        var script = HotplugScript.Parse(OptIn + """
            steps:
              - derive_zone: {name: dma31, node: 0, base: DMA32, size: 64M, range: {start: 0, end: 2G}}
              - alloc: {kind: unmovable, size: 8M, zone: dma31}
              - delete_zone: dma31
            """, "s.yaml");
        Assert.That(script.Steps.Select(s => s.Describe()), Is.EqualTo(new[]
        {
            "derive_zone dma31: 64M from node 0 DMA32 inside [mem 0x00000000-0x7fffffff] (bootemu experiment, not Linux)",
            "alloc unmovable 8M in derived zone dma31 (bootemu experiment, not Linux)",
            "delete_zone dma31 (bootemu experiment, not Linux)",
        }));
    }

    [Test]
    public void The_caller_may_opt_in_for_a_script_without_the_key()
    {
        var script = HotplugScript.Parse("steps:\n  - delete_zone: pool\n", "s.yaml", ["derived-zones"]);
        Assert.That(script.Steps.Single().Experiment, Is.EqualTo("derived-zones"));
    }

    [Test]
    public void An_unknown_experiment_is_refused_naming_the_known_ones()
    {
        var e = Refused("experimental: [zones-everywhere]\nsteps:\n");
        Assert.That(e.OneLine, Is.EqualTo("s.yaml:1:16: unknown experiment 'zones-everywhere' (experiments: derived-zones)"));
    }

    [Test]
    public void A_derived_zone_cannot_take_the_name_of_a_real_zone()
    {
        var e = Refused(OptIn + "steps:\n  - derive_zone: {name: normal, node: 0, base: Normal, size: 4M}\n");
        Assert.That(e.OneLine, Does.Contain("'normal' is the name of a real zone"));
    }

    [Test]
    public void ZONE_DEVICE_is_no_base_zone()
    {
        var e = Refused(OptIn + "steps:\n  - derive_zone: {name: pool, node: 0, base: Device, size: 4M}\n");
        Assert.That(e.OneLine, Does.Contain("unknown base zone 'Device' (zones: DMA, DMA32, Normal, Movable)"));
    }

    [Test]
    public void A_range_that_ends_at_or_below_its_start_is_refused()
    {
        var e = Refused(OptIn + "steps:\n  - derive_zone: {name: pool, node: 0, base: DMA32, size: 4M, range: {start: 2G, end: 1G}}\n");
        Assert.That(e.OneLine, Does.EndWith("the range ends at 0x40000000, not above its start 0x80000000"));
    }

    [Test]
    public void Alloc_in_a_derived_zone_takes_no_node_or_block()
    {
        var e = Refused(OptIn + "steps:\n  - alloc: {kind: movable, size: 4K, zone: pool, node: 1}\n");
        Assert.That(e.OneLine, Does.Contain("drop node: and block:"));
    }

    [Test]
    public void A_size_that_is_not_a_whole_number_of_MAX_ORDER_blocks_is_bad_input_at_the_sizes_line_and_column()
    {
        var script = HotplugScript.Parse(OptIn + "steps:\n  - derive_zone: {name: pool, node: 1, base: Normal, size: 6M}\n", "s.yaml");
        var e = Assert.Throws<InputException>(() => HotplugScriptRunner.Run(ExpectedBoot.Machine("srat2_default"), script, false, new KernelLog()));
        Assert.That(e!.OneLine, Is.EqualTo(
            "s.yaml:3:60: a derived zone's size must be a non-zero multiple of the MAX_ORDER block, 4 MiB (order 10 on Linux 6.1), found 0x600000 bytes"));
    }
}
