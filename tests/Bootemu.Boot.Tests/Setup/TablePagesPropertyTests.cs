using Bootemu.Boot.Setup;
using CsCheck;
using NUnit.Framework;

// Not Bootemu.Boot.Tests.Setup: a namespace of that name would hide Bootemu.Boot.Setup from the tests that
// write Setup.BootAllocationNames.
namespace Bootemu.Boot.Tests;

/// <summary>
/// InitMemMapping.TablePages keeps the page-table indices made so far as sorted disjoint runs. Random sequences of
/// index intervals that overlap, touch, contain and fall between earlier ones are checked against a set of the indices
/// made so far; one test checks that indices near the top of a 64-bit address space cost no more than small ones.
/// </summary>
public class TablePagesPropertyTests
{
    /// <summary>An interval [First, Last]: a start word and bit, then an end some whole words on at any bit, never before the start.</summary>
    private static readonly Gen<(ulong First, ulong Last)> GenInterval =
        Gen.Select(Gen.ULong[0, 120], Gen.ULong[0, 63], Gen.ULong[0, 3], Gen.ULong[0, 63], (word, bit, words, endBit) =>
        {
            ulong first = word * 64 + bit;
            return (first, Math.Max(first, (word + words) * 64 + endBit));
        });

    [Test]
    public void Indices_of_the_highest_addresses_are_counted_without_a_table_of_every_index_below()
    {
        // PMD tables of a range ending at 2^64: index 2^34 - 1. A bit per index would need 2 GiB.
        var pages = new InitMemMapping.TablePages();
        Assert.That(pages.Add((1UL << 34) - 4, (1UL << 34) - 1), Is.EqualTo(4UL));
        Assert.That(pages.Add(0, 15), Is.EqualTo(16UL));
        Assert.That(pages.Add(10, (1UL << 34) - 2), Is.EqualTo((1UL << 34) - 4 - 16));
    }

    [Test]
    public void Add_counts_exactly_the_indices_not_made_before()
    {
        GenInterval.Array[1, 30].Sample(intervals =>
        {
            var pages = new InitMemMapping.TablePages();
            var made = new HashSet<ulong>();
            foreach (var (first, last) in intervals)
            {
                ulong expected = 0;
                for (ulong i = first; i <= last; i++)
                    if (made.Add(i)) expected++;
                Assert.That(pages.Add(first, last), Is.EqualTo(expected), $"Add({first}, {last})");
            }
        }, iter: 1000, threads: 1);
    }
}
