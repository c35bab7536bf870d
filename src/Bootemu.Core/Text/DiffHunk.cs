using System.Collections.Immutable;

namespace Bootemu.Core.Text;

/// <summary>
/// One hunk of a unified diff: the changed lines of a line diff with up to <c>context</c> unchanged lines around them,
/// and the 1-based line ranges it covers in each text, as the "@@ -A,N +B,M @@" header gives them (a range of no lines
/// names the line before it, as diff -u does).
/// </summary>
public sealed record DiffHunk(int AStart, int ACount, int BStart, int BCount, ImmutableArray<LineEdit> Lines)
{
    /// <summary>diff -u's header line of this hunk.</summary>
    public string Header => $"@@ -{Range(AStart, ACount)} +{Range(BStart, BCount)} @@";

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";

    /// <summary>
    /// The hunks of <paramref name="edits"/>: changes at most twice the context apart share a hunk, as in diff -u.
    /// No hunks when nothing changed.
    /// </summary>
    public static ImmutableArray<DiffHunk> Of(ImmutableArray<LineEdit> edits, int context = 3)
    {
        // aBefore[i], bBefore[i]: how many lines of each text the edits before edit i hold.
        var aBefore = new int[edits.Length + 1];
        var bBefore = new int[edits.Length + 1];
        for (int e = 0; e < edits.Length; e++)
        {
            aBefore[e + 1] = aBefore[e] + (edits[e].Kind != LineEditKind.Added ? 1 : 0);
            bBefore[e + 1] = bBefore[e] + (edits[e].Kind != LineEditKind.Removed ? 1 : 0);
        }
        var hunks = ImmutableArray.CreateBuilder<DiffHunk>();
        int i = 0;
        while (i < edits.Length)
        {
            if (edits[i].Kind == LineEditKind.Same) { i++; continue; }
            int from = Math.Max(0, i - context);
            int last = i; // the last changed edit of the hunk
            for (int j = i + 1; j < edits.Length && j <= last + 2 * context + 1; j++)
                if (edits[j].Kind != LineEditKind.Same) last = j;
            int to = Math.Min(edits.Length, last + context + 1);
            int aCount = aBefore[to] - aBefore[from], bCount = bBefore[to] - bBefore[from];
            hunks.Add(new DiffHunk(aCount == 0 ? aBefore[from] : aBefore[from] + 1, aCount,
                bCount == 0 ? bBefore[from] : bBefore[from] + 1, bCount, edits[from..to]));
            i = to;
        }
        return hunks.ToImmutable();
    }
}
