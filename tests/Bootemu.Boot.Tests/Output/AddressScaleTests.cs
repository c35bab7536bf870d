using Bootemu.Boot.Output.MemoryMap;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>The memory map's piecewise scale: every range stays visible, bigger ranges are never drawn smaller.</summary>
public class AddressScaleTests
{
    [TestCase(1UL)]
    [TestCase(4096UL)]
    [TestCase(1UL << 20)]
    public void A_slot_of_any_size_is_at_least_the_minimum_height(ulong size) =>
        Assert.That(AddressScale.SlotHeight(size), Is.GreaterThanOrEqualTo(AddressScale.MinSlot));

    [Test]
    public void A_larger_slot_is_taller_than_a_smaller_one()
    {
        ulong[] sizes = [4096, 1UL << 20, 128UL << 20, 1UL << 30, 64UL << 30, 1UL << 40];
        var heights = sizes.Select(AddressScale.SlotHeight).ToList();
        Assert.That(heights, Is.Ordered.Ascending);
        Assert.That(heights.Distinct().Count(), Is.EqualTo(sizes.Length));
    }

    [Test]
    public void A_page_next_to_64_GiB_is_still_one_line_of_text_tall()
    {
        var scale = AddressScale.Over([0x100000000, 0x100001000, 0x1100001000], 0);
        Assert.That(scale.Y(0x100001000) - scale.Y(0x100000000), Is.GreaterThanOrEqualTo(AddressScale.MinSlot));
        Assert.That(scale.Y(0x1100001000) - scale.Y(0x100001000), Is.GreaterThan(scale.Y(0x100001000) - scale.Y(0x100000000)));
    }

    [Test]
    public void Boundaries_are_sorted_once_each_and_the_first_is_drawn_at_the_top()
    {
        var scale = AddressScale.Over([0x3000, 0x1000, 0x3000, 0x2000], 50);
        Assert.That(scale.Boundaries, Is.EqualTo(new ulong[] { 0x1000, 0x2000, 0x3000 }));
        Assert.That(scale.Y(0x1000), Is.EqualTo(50));
        Assert.That(scale.Bottom, Is.EqualTo(50 + 2 * AddressScale.SlotHeight(0x1000)).Within(1e-9));
    }

    [Test]
    public void An_address_inside_a_slot_is_placed_linearly_within_it_and_outside_addresses_clamp()
    {
        var scale = AddressScale.Over([0x0, 0x2000], 0);
        Assert.That(scale.Y(0x1000), Is.EqualTo(AddressScale.SlotHeight(0x2000) / 2).Within(1e-9));
        Assert.That(scale.Y(0x9000), Is.EqualTo(scale.Bottom));
    }
}
