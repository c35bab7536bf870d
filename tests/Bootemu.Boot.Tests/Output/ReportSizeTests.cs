using Bootemu.Boot.Output;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Output;

/// <summary>The one rule the boot text report writes sizes by.</summary>
public class ReportSizeTests
{
    [TestCase(30UL << 30, "30 GiB")]
    [TestCase(264UL << 10, "264 KiB")]
    [TestCase(3UL << 29, "1.5 GiB")]
    public void A_size_a_tenth_of_its_unit_holds_exactly_is_written_as_it_is(ulong bytes, string text) =>
        Assert.That(ReportSize.Of(bytes), Is.EqualTo(text));

    [Test]
    public void Another_size_is_rounded_to_a_tenth_of_its_unit() =>
        Assert.That(ReportSize.Of(3998UL << 12), Is.EqualTo("15.6 MiB"));

    [Test]
    public void A_size_that_rounds_to_a_whole_number_drops_the_decimal_as_a_whole_size_does()
    {
        // DMA's span, one page short of 16 MiB, and DMA32's, 16 MiB short of 4 GiB: the same rule as 30 GiB beside them.
        Assert.That(ReportSize.Of(4095UL << 12), Is.EqualTo("16 MiB"));
        Assert.That(ReportSize.Of((4UL << 30) - (16UL << 20)), Is.EqualTo("4 GiB"));
    }

    [Test]
    public void A_size_that_rounds_up_to_1024_of_its_unit_is_written_in_the_next_unit() =>
        Assert.That(ReportSize.Of((1UL << 30) - (1UL << 12)), Is.EqualTo("1 GiB"));

    [TestCase(0UL, "0 bytes")]
    [TestCase(4UL, "4 bytes")]
    [TestCase(1023UL, "1023 bytes")]
    public void A_size_under_one_KiB_is_written_in_exact_bytes(ulong bytes, string text) =>
        Assert.That(ReportSize.Of(bytes), Is.EqualTo(text));

    [Test]
    public void Pages_are_written_as_the_bytes_they_hold() =>
        Assert.That(ReportSize.OfPages(3840), Is.EqualTo("15 MiB"));
}
