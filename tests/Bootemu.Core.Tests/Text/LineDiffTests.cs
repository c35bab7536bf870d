using Bootemu.Core.Text;
using NUnit.Framework;

namespace Bootemu.Core.Tests.Text;

public class LineDiffTests
{
    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Split(' ');

    /// <summary>The first text again, from the lines the script keeps or removes.</summary>
    private static IEnumerable<string> FirstText(IEnumerable<LineEdit> edits) => edits.Where(e => e.Kind != LineEditKind.Added).Select(e => e.Text);

    /// <summary>The second text, from the lines the script keeps or adds.</summary>
    private static IEnumerable<string> SecondText(IEnumerable<LineEdit> edits) => edits.Where(e => e.Kind != LineEditKind.Removed).Select(e => e.Text);

    /// <summary>The length of a longest common subsequence, by the textbook table (the reference the fast search must match).</summary>
    private static int LcsLength(string[] a, string[] b)
    {
        var t = new int[a.Length + 1, b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                t[i, j] = a[i - 1] == b[j - 1] ? t[i - 1, j - 1] + 1 : Math.Max(t[i - 1, j], t[i, j - 1]);
        return t[a.Length, b.Length];
    }

    /// <summary>Random texts over a small alphabet, so that they share many lines in many ways.</summary>
    private static IEnumerable<(string[] A, string[] B)> RandomPairs()
    {
        var random = new Random(20261207);
        for (int n = 0; n < 2000; n++)
        {
            string[] Text() => Enumerable.Range(0, random.Next(0, 14)).Select(_ => ((char)('a' + random.Next(4))).ToString()).ToArray();
            yield return (Text(), Text());
        }
    }

    [Test]
    public void Identical_texts_keep_every_line()
    {
        var edits = LineDiff.Edits(Lines("a b c"), Lines("a b c"));
        Assert.That(edits.Select(e => e.Kind), Is.All.EqualTo(LineEditKind.Same));
        Assert.That(edits, Has.Length.EqualTo(3));
    }

    [Test]
    public void The_script_rebuilds_both_texts()
    {
        foreach (var (a, b) in RandomPairs())
        {
            var edits = LineDiff.Edits(a, b);
            Assert.That(FirstText(edits), Is.EqualTo(a));
            Assert.That(SecondText(edits), Is.EqualTo(b));
        }
    }

    [Test]
    public void The_script_keeps_a_longest_common_subsequence()
    {
        foreach (var (a, b) in RandomPairs())
            Assert.That(LineDiff.Edits(a, b).Count(e => e.Kind == LineEditKind.Same), Is.EqualTo(LcsLength(a, b)), $"{string.Join(" ", a)} / {string.Join(" ", b)}");
    }

    [Test]
    public void Kept_lines_carry_their_index_in_both_texts()
    {
        var kept = LineDiff.Edits(Lines("x a b"), Lines("a y b")).Where(e => e.Kind == LineEditKind.Same).Select(e => (e.Text, e.A, e.B));
        Assert.That(kept, Is.EqualTo(new[] { ("a", 1, 0), ("b", 2, 2) }));
    }

    [Test]
    public void Removed_lines_come_before_the_added_lines_of_the_same_change()
    {
        var edits = LineDiff.Edits(Lines("a old1 old2 z"), Lines("a new1 new2 z"));
        Assert.That(edits.Select(e => e.Kind), Is.EqualTo(new[]
        {
            LineEditKind.Same, LineEditKind.Removed, LineEditKind.Removed, LineEditKind.Added, LineEditKind.Added, LineEditKind.Same,
        }));
    }

    [Test]
    public void Texts_with_no_line_in_common_remove_and_add_every_line()
    {
        var edits = LineDiff.Edits(Lines("a b c"), Lines("x y"));
        Assert.That(edits.Select(e => e.Kind), Is.EqualTo(new[]
        {
            LineEditKind.Removed, LineEditKind.Removed, LineEditKind.Removed, LineEditKind.Added, LineEditKind.Added,
        }));
    }

    [Test]
    public void Long_texts_that_differ_everywhere_finish()
    {
        var a = Enumerable.Range(0, 20_000).Select(i => $"a{i}").ToArray();
        var b = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? $"a{i}" : $"b{i}").ToArray();
        var edits = LineDiff.Edits(a, b);
        Assert.That(edits.Count(e => e.Kind == LineEditKind.Same), Is.EqualTo(10_000));
    }
}
