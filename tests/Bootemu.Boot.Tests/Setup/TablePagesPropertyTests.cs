using Bootemu.Boot.Setup;
using CsCheck;
using NUnit.Framework;

// Not Bootemu.Boot.Tests.Setup: a namespace of that name would hide Bootemu.Boot.Setup from the tests that
// write Setup.BootAllocationNames.
namespace Bootemu.Boot.Tests;

/// <summary>
/// InitMemMapping.TablePages keeps one bit per page-table index and sets a 64-bit word at a time. Every test machine
/// stays below 64 GiB, so a boot only ever touches the first word; here random sequences of index intervals that
/// start and end anywhere in a word and span several words (past the first 1,024 indices, so the array grows) are
/// checked against a set of the indices made so far.
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
