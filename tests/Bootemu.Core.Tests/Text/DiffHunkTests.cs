using Bootemu.Core.Text;
using NUnit.Framework;

namespace Bootemu.Core.Tests.Text;

/// <summary>Hunks as GNU diff -u (3.8) prints them for the same two texts; the expected headers are its output.</summary>
public class DiffHunkTests
{
    private static IEnumerable<DiffHunk> Hunks(IEnumerable<string> a, IEnumerable<string> b) =>
        DiffHunk.Of(LineDiff.Edits(a.ToArray(), b.ToArray()));

    private static string[] Numbers(int count) => Enumerable.Range(1, count).Select(i => $"{i}").ToArray();

    private static string[] Replaced(string[] lines, params string[] pairs)
    {
        var copy = lines.ToArray();
        for (int i = 0; i < pairs.Length; i += 2) copy[Array.IndexOf(copy, pairs[i])] = pairs[i + 1];
        return copy;
    }

    [Test]
    public void Equal_texts_have_no_hunks() => Assert.That(Hunks(Numbers(5), Numbers(5)), Is.Empty);

    [Test]
    public void A_hunk_holds_three_lines_of_context_on_each_side()
    {
        var hunk = Hunks(Numbers(20), Replaced(Numbers(20), "10", "X")).Single();
        Assert.That(hunk.Header, Is.EqualTo("@@ -7,7 +7,7 @@"));
        Assert.That(hunk.Lines.Select(l => l.Text), Is.EqualTo(new[] { "7", "8", "9", "10", "X", "11", "12", "13" }));
    }

    [Test]
    public void Changes_six_lines_apart_share_a_hunk() =>
        Assert.That(Hunks(Numbers(20), Replaced(Numbers(20), "2", "X", "9", "Y")).Select(h => h.Header), Is.EqualTo(new[] { "@@ -1,12 +1,12 @@" }));

    [Test]
    public void Changes_seven_lines_apart_make_two_hunks() =>
        Assert.That(Hunks(Numbers(20), Replaced(Numbers(20), "2", "X", "10", "Y")).Select(h => h.Header), Is.EqualTo(new[] { "@@ -1,5 +1,5 @@", "@@ -7,7 +7,7 @@" }));

    [Test]
    public void A_line_added_at_the_end_counts_only_in_the_second_text() =>
        Assert.That(Hunks(Numbers(13), Numbers(14)).Select(h => h.Header), Is.EqualTo(new[] { "@@ -11,3 +11,4 @@" }));

    [Test]
    public void An_empty_range_names_the_line_before_it() =>
        Assert.That(Hunks([], ["x"]).Select(h => h.Header), Is.EqualTo(new[] { "@@ -0,0 +1 @@" }));
}
