using Bootemu.Boot.Model;
using Bootemu.Core;

namespace Bootemu.Hotplug.Tests;

/// <summary>
/// Which memory blocks memory_dev_init creates at boot: one per group of sections holding a present section,
/// worked out from the runs of present sections (PresentSections.BlockIds), never section by section.
/// </summary>
public class BootBlockIdsTests
{
    private const ulong Section = MemorySection.PagesPerSection;

    private static PresentSections Sections(params (ulong StartSection, ulong EndSection)[] runs) =>
        new(runs.Select(r => new PresentSectionRun(r.StartSection, r.EndSection - r.StartSection, 0)).ToList());

    [Test]
    public void A_run_gives_every_block_from_its_first_section_to_its_last()
    {
        Assert.That(Sections((3, 21)).BlockIds(8), Is.EqualTo(new ulong[] { 0, 1, 2 }));
    }

    [Test]
    public void Two_runs_sharing_a_block_give_it_once()
    {
        Assert.That(Sections((0, 2), (5, 10), (15, 16)).BlockIds(8), Is.EqualTo(new ulong[] { 0, 1 }));
    }

    [Test]
    public void Blocks_without_a_present_section_are_left_out()
    {
        Assert.That(Sections((0, 1), (40, 41)).BlockIds(8), Is.EqualTo(new ulong[] { 0, 5 }));
    }

    [Test]
    public void Runs_touching_on_two_nodes_count_as_one_run()
    {
        var sections = new PresentSections(new[] { new PresentSectionRun(7, 1, 0), new PresentSectionRun(8, 1, 1) });
        Assert.That(sections.BlockIds(8), Is.EqualTo(new ulong[] { 0, 1 }));
    }

    [Test]
    public void One_section_blocks_are_the_section_numbers()
    {
        Assert.That(Sections((2, 4), (6, 7)).BlockIds(1), Is.EqualTo(new ulong[] { 2, 3, 6 }));
    }
}
