using NUnit.Framework;

namespace Bootemu.Core.Tests;

public class PfnRangesTests
{
    private static (Pfn, Pfn) R(ulong start, ulong end) => (new Pfn(start), new Pfn(end));

    [Test]
    public void Union_sorts_and_joins_ranges_that_overlap_or_touch_and_drops_empty_ones()
    {
        var union = PfnRanges.Union([R(20, 30), R(0, 10), R(10, 12), R(25, 40), R(50, 50)]);
        Assert.That(union, Is.EqualTo(new[] { R(0, 12), R(20, 40) }));
    }

    [Test]
    public void CoveredSorted_counts_the_pages_of_the_window_that_the_ranges_cover()
    {
        (Pfn, Pfn)[] ranges = [R(0, 10), R(20, 40), R(100, 200)];
        Assert.Multiple(() =>
        {
            Assert.That(PfnRanges.CoveredSorted(ranges, new Pfn(5), new Pfn(30)), Is.EqualTo(15UL));   // 5 of the first, 10 of the second
            Assert.That(PfnRanges.CoveredSorted(ranges, new Pfn(40), new Pfn(100)), Is.EqualTo(0UL));  // the hole between them
            Assert.That(PfnRanges.CoveredSorted(ranges, new Pfn(0), new Pfn(1000)), Is.EqualTo(130UL)); // all of them
            Assert.That(PfnRanges.CoveredSorted(ranges, new Pfn(150), new Pfn(151)), Is.EqualTo(1UL));
            Assert.That(PfnRanges.CoveredSorted([], new Pfn(0), new Pfn(10)), Is.EqualTo(0UL));
        });
    }
}
