using NUnit.Framework;

namespace Bootemu.Boot.Tests.Zones;

/// <summary>memmap_init's "pages in unavailable ranges" accounting (docs/linux-6.1-boot-memory.md §6.7).</summary>
[TestFixture]
public sealed class MemmapInitTests
{
    private static string[] UnavailableLines(ZoneTestMachine m) =>
        m.Run().Lines.Where(l => l.EndsWith("pages in unavailable ranges", StringComparison.Ordinal)).ToArray();

    [Test]
    public void The_section_tail_after_the_last_range_goes_to_the_last_populated_zone()
    {
        // QEMU's 2 GiB guest: pfn 0, the BIOS hole, and [0x7ffe0, 0x80000) up to the section end.
        Assert.That(UnavailableLines(new ZoneTestMachine().LowMemory(0x7ffe0)), Is.EqualTo(new[]
        {
            "On node 0, zone DMA: 1 pages in unavailable ranges",
            "On node 0, zone DMA: 97 pages in unavailable ranges",
            "On node 0, zone DMA32: 32 pages in unavailable ranges",
        }));
    }

    [Test]
    public void A_hole_is_charged_to_the_zone_and_node_of_the_next_range()
    {
        Assert.That(UnavailableLines(new ZoneTestMachine().LowMemory(0x7ffe0).Mem(0x100000, 0x180000, 1)).Last(),
            Is.EqualTo("On node 1, zone Normal: 32 pages in unavailable ranges"));
    }

    [Test]
    public void Holes_in_sections_without_memory_cost_nothing()
    {
        // [2G, 4G) holds no present section, so the gap between the nodes reserves no struct pages.
        var lines = UnavailableLines(new ZoneTestMachine().LowMemory(0x80000).Mem(0x100000, 0x180000, 1));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "On node 0, zone DMA: 1 pages in unavailable ranges",
            "On node 0, zone DMA: 97 pages in unavailable ranges",
        }));
    }

    [Test]
    public void A_hole_inside_a_section_counts_every_missing_page()
    {
        // [0x80000, 0x80800) is missing inside the section that starts at 0x80000.
        var lines = UnavailableLines(new ZoneTestMachine().LowMemory(0x80000).Mem(0x80800, 0x88000, 0));
        Assert.That(lines.Last(), Is.EqualTo("On node 0, zone DMA32: 2048 pages in unavailable ranges"));
    }
}
