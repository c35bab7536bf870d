using System.Text.Json;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Script;

namespace Bootemu.Hotplug.Tests;

/// <summary>Every output of a run that used the derived-zones experiment says it is not Linux; other runs show none of it.</summary>
public class DerivedZonesViewTests
{
    // srat2_default: node 1's Normal starts at 4 GiB (pfn 1048576); its first MAX_ORDER block holds the kernel's slab page
    // (NodeSlab), so a pool starts at the second, 0x100400000 (pfn 1049600).
    private static ScriptRun Run(string steps, bool optIn = true) =>
        HotplugScriptRunner.Run(ExpectedBoot.Machine("srat2_default"),
            HotplugScript.Parse((optIn ? "experimental: [derived-zones]\n" : "") + "steps:\n" + steps, "s.yaml"), false, new KernelLog());

    private static ScriptRun PoolInUse() => Run("""
          - derive_zone: {name: pool, node: 1, base: Normal, size: 8M}
          - alloc: {kind: unmovable, size: 4M, zone: pool}
        """);

    [Test]
    public void The_text_report_heads_its_derived_zones_part_as_not_Linux_and_accounts_each_zone()
    {
        string text = HotplugText.Steps(PoolInUse());
        Assert.That(text, Does.Contain(
            "derived zones (bootemu experiment, not Linux behaviour: derived zones, after an unmerged 2007 proposal to merge zones and nodes):\n" +
            "  pool: node 1 from Normal, [mem 0x100400000-0x100bfffff] in memory blocks 32, 2 MAX_ORDER blocks: " +
            "spanned 2048, present 2048, managed 2048, free 1024 pages (in use: unmovable 1024)\n"));
    }

    [Test]
    public void The_text_report_gives_the_base_zones_managed_and_free_pages()
    {
        string text = HotplugText.Steps(PoolInUse());
        Assert.That(text, Does.Match(@"\n  base zone node 1 Normal: managed \d+, free \d+ pages \(2048 moved to derived zones\)\n"));
    }

    [Test]
    public void The_block_table_marks_derived_zone_pages_as_not_Linux()
    {
        var run = PoolInUse();
        Assert.That(HotplugText.Blocks(run.Final), Does.Contain("derived zone pool 2048 pages (bootemu experiment, not Linux)"));
    }

    [Test]
    public void The_JSON_report_has_a_derived_zones_member_labelled_not_Linux_with_each_zones_counts()
    {
        var json = JsonDocument.Parse(HotplugJson.Render(PoolInUse())).RootElement.GetProperty("derived_zones_experiment");
        var zone = json.GetProperty("zones")[0];
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("not_linux").GetString(), Does.StartWith("bootemu experiment, not Linux behaviour"));
            Assert.That(new[] { "spanned", "present", "managed", "free" }.Select(k => zone.GetProperty(k).GetUInt64()),
                Is.EqualTo(new[] { 2048UL, 2048UL, 2048UL, 1024UL }));
            Assert.That(json.GetProperty("base_zones")[0].GetProperty("moved_to_derived_zones").GetUInt64(), Is.EqualTo(2048UL));
        });
    }

    [Test]
    public void The_zoneinfo_part_shows_each_derived_zone_under_a_header_no_kernel_prints()
    {
        string part = DerivedZonesView.Zoneinfo(PoolInUse());
        Assert.Multiple(() =>
        {
            Assert.That(part, Does.Contain(
                "Derived zone pool (bootemu experiment, not Linux): node 1, base zone Normal\n" +
                "        spanned  2048\n        present  2048\n        managed  2048\n        free     1024\n" +
                "  start_pfn:           1049600\n"));
            Assert.That(part, Does.Not.Match(@"(^|\n)Node \d+, zone"));
        });
    }

    [Test]
    public void The_steps_of_the_experiment_carry_no_kernel_lines()
    {
        Assert.That(PoolInUse().Steps.SelectMany(s => s.KernelLines), Is.Empty);
    }

    [Test]
    public void A_run_that_used_the_experiment_and_deleted_its_zones_still_says_so()
    {
        var run = Run("  - derive_zone: {name: pool, node: 1, base: Normal, size: 4M}\n  - delete_zone: pool\n");
        Assert.That(HotplugText.Steps(run), Does.EndWith("derived zones (bootemu experiment, not Linux behaviour: derived zones, after an unmerged 2007 proposal to merge zones and nodes):\n  none\n"));
    }

    [Test]
    public void A_run_without_the_experiment_shows_none_of_it()
    {
        var run = Run("  - offline: 40\n", optIn: false);
        Assert.Multiple(() =>
        {
            Assert.That(HotplugText.Steps(run), Does.Not.Contain("derived"));
            Assert.That(DerivedZonesView.Zoneinfo(run), Is.Empty);
            Assert.That(JsonDocument.Parse(HotplugJson.Render(run)).RootElement.TryGetProperty("derived_zones_experiment", out _), Is.False);
        });
    }
}
