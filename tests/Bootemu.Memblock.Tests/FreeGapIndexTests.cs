using CsCheck;
using NUnit.Framework;

namespace Bootemu.Memblock.Tests;

/// <summary>
/// FreeGapIndex answers from a segment tree over large arrays and by walking the gaps of small ones; both must give
/// the kernel's answer, the highest long-enough gap at or below the one asked, whatever insertions and removals led
/// to the array (they move the list's gap, which the tree must follow).
/// </summary>
public class FreeGapIndexTests
{
    private const ulong Page = 0x1000;

    private abstract record Edit;
    private sealed record Insert(int Page, int Pages) : Edit;
    private sealed record Remove(int Index) : Edit;
    private sealed record Ask(int Gap, int Pages) : Edit;

    private static readonly Gen<Edit> GenEdit = Gen.OneOf<Edit>(
        Gen.Select(Gen.Int[0, 400], Gen.Int[1, 4], (p, n) => (Edit)new Insert(p, n)),
        Gen.Select(Gen.Int[0, 400], Gen.Int[1, 4], (p, n) => (Edit)new Insert(p, n)),
        Gen.Int[0, 200].Select(i => (Edit)new Remove(i)),
        Gen.Select(Gen.Int[-1, 200], Gen.Int[1, 6], (g, n) => (Edit)new Ask(g, n)));

    /// <summary>The answer from its definition, over a plain list of the same regions.</summary>
    private static int Expected(List<MemblockRegion> regions, int gap, ulong length)
    {
        if (gap >= regions.Count) return gap;
        for (int g = gap; g >= 0; g--)
        {
            ulong start = g == 0 ? 0 : regions[g - 1].End;
            if (regions[g].Base - start >= length) return g;
        }
        return -1;
    }

    [Test]
    public void TheTreeAndTheWalkGiveTheHighestLongEnoughGapAfterAnyEdits()
    {
        GenEdit.Array[1, 300].Sample(edits =>
        {
            var reference = new List<MemblockRegion>();
            var walked = new GapList<MemblockRegion>(8);
            var treed = new GapList<MemblockRegion>(8);
            var walk = new FreeGapIndex(walked, treeFromEntries: int.MaxValue);
            var tree = new FreeGapIndex(treed, treeFromEntries: 0);
            foreach (var edit in edits)
            {
                switch (edit)
                {
                    case Insert(var page, var pages):
                    {
                        var region = new MemblockRegion((ulong)page * Page, (ulong)pages * Page, MemblockFlags.None, 0);
                        int at = reference.FindIndex(r => r.End > region.Base);
                        if (at < 0) at = reference.Count;
                        if (at < reference.Count && reference[at].Base < region.End) break; // would overlap
                        reference.Insert(at, region);
                        walked.InsertRange(at, [region]);
                        treed.InsertRange(at, [region]);
                        break;
                    }
                    case Remove(var index) when index < reference.Count:
                        reference.RemoveAt(index);
                        walked.RemoveAt(index);
                        treed.RemoveAt(index);
                        break;
                    case Ask(var gap, var pages) when reference.Count > 0:
                    {
                        ulong length = (ulong)pages * Page;
                        int expected = Expected(reference, gap, length);
                        Assert.That(walk.HighestGapAtLeast(gap, length), Is.EqualTo(expected), $"walk, gap {gap}, {pages} pages");
                        Assert.That(tree.HighestGapAtLeast(gap, length), Is.EqualTo(expected), $"tree, gap {gap}, {pages} pages");
                        break;
                    }
                }
            }
        }, iter: 2000);
    }
}
