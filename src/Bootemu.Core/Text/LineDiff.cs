using System.Collections.Immutable;

namespace Bootemu.Core.Text;

/// <summary>Whether a line of a line diff is in both texts, only in the first (removed) or only in the second (added).</summary>
public enum LineEditKind
{
    Same,
    Removed,
    Added,
}

/// <summary>
/// One line of a line diff: its text, and its 0-based index in the first text (<see cref="A"/>) and in the second
/// (<see cref="B"/>); a removed line has no index in the second text and an added one none in the first (-1).
/// </summary>
public readonly record struct LineEdit(LineEditKind Kind, int A, int B, string Text);

/// <summary>
/// A shortest edit script between two lists of lines (Myers' O(ND) difference algorithm, in its linear-space form:
/// the middle snake splits the problem in two until one side is empty). Linear space matters because a 1,024-node
/// boot prints tens of thousands of lines, and two machines can differ in most of them.
/// Within a change the removed lines come before the added ones, as diff -u prints them.
/// </summary>
public static class LineDiff
{
    public static ImmutableArray<LineEdit> Edits(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Lines become numbers once, so that the inner loops compare ints.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] Numbered(IReadOnlyList<string> lines)
        {
            var numbers = new int[lines.Count];
            for (int i = 0; i < numbers.Length; i++)
            {
                if (!ids.TryGetValue(lines[i], out int id)) ids[lines[i]] = id = ids.Count;
                numbers[i] = id;
            }
            return numbers;
        }
        var search = new Search(Numbered(a), Numbered(b));
        search.Compare(0, a.Count, 0, b.Count);

        var edits = ImmutableArray.CreateBuilder<LineEdit>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (i < a.Count && search.Removed[i]) { edits.Add(new LineEdit(LineEditKind.Removed, i, -1, a[i])); i++; }
            else if (j < b.Count && search.Added[j]) { edits.Add(new LineEdit(LineEditKind.Added, -1, j, b[j])); j++; }
            else { edits.Add(new LineEdit(LineEditKind.Same, i, j, a[i])); i++; j++; }
        }
        return edits.ToImmutable();
    }

    /// <summary>The search state: the two texts as numbers, and which of their lines the edit script removes or adds.</summary>
    private sealed class Search(int[] a, int[] b)
    {
        public bool[] Removed { get; } = new bool[a.Length];
        public bool[] Added { get; } = new bool[b.Length];

        /// <summary>Marks the shortest edit script of a[aLo..aHi) to b[bLo..bHi).</summary>
        public void Compare(int aLo, int aHi, int bLo, int bHi)
        {
            while (aLo < aHi && bLo < bHi && a[aLo] == b[bLo]) { aLo++; bLo++; }
            while (aLo < aHi && bLo < bHi && a[aHi - 1] == b[bHi - 1]) { aHi--; bHi--; }
            if (aLo == aHi)
            {
                for (int j = bLo; j < bHi; j++) Added[j] = true;
                return;
            }
            if (bLo == bHi)
            {
                for (int i = aLo; i < aHi; i++) Removed[i] = true;
                return;
            }
            if (MiddleSnake(aLo, aHi, bLo, bHi) is not { } split)
            {
                for (int i = aLo; i < aHi; i++) Removed[i] = true;
                for (int j = bLo; j < bHi; j++) Added[j] = true;
                return;
            }
            Compare(aLo, split.X, bLo, split.Y);
            Compare(split.X, aHi, split.Y, bHi);
        }

        /// <summary>
        /// Where a shortest path from (aLo, bLo) to (aHi, bHi) crosses the middle: searched forward from the start and
        /// backward from the end one edit at a time until the two searches overlap on a diagonal; the end of the forward
        /// snake there lies on a shortest path. Null when they never overlap: only a script that removes and adds every line
        /// is that long, so the ranges share no line. Both ranges are non-empty and differ in their first and last lines, so the point
        /// found is strictly inside and the recursion ends.
        /// </summary>
        private (int X, int Y)? MiddleSnake(int aLo, int aHi, int bLo, int bHi)
        {
            int n = aHi - aLo, m = bHi - bLo;
            int maxD = (n + m + 1) / 2;
            int offset = maxD + 1, length = 2 * maxD + 3;
            // forward[offset + k]: the furthest x reached from the start on diagonal k = x - y; backward likewise from
            // the end, in coordinates counted back from (aHi, bHi), where forward diagonal k is backward diagonal delta - k.
            var forward = new int[length];
            var backward = new int[length];
            Array.Fill(forward, -1);
            Array.Fill(backward, -1);
            forward[offset + 1] = 0;
            backward[offset + 1] = 0;
            int delta = n - m;
            bool odd = (delta & 1) != 0;
            // Diagonals whose path left the grid are skipped from then on (kStart/kEnd trim them from each end).
            int fStart = 0, fEnd = 0, bStart = 0, bEnd = 0;
            for (int d = 0; d < maxD; d++)
            {
                for (int k = -d + fStart; k <= d - fEnd; k += 2)
                {
                    int x = k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1])
                        ? forward[offset + k + 1]
                        : forward[offset + k - 1] + 1;
                    int y = x - k;
                    while (x < n && y < m && a[aLo + x] == b[bLo + y]) { x++; y++; }
                    forward[offset + k] = x;
                    if (x > n) fEnd += 2;
                    else if (y > m) fStart += 2;
                    else if (odd)
                    {
                        int back = offset + delta - k;
                        if (back >= 0 && back < length && backward[back] != -1 && x >= n - backward[back])
                            return (aLo + x, bLo + y);
                    }
                }
                for (int k = -d + bStart; k <= d - bEnd; k += 2)
                {
                    int x = k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1])
                        ? backward[offset + k + 1]
                        : backward[offset + k - 1] + 1;
                    int y = x - k;
                    while (x < n && y < m && a[aHi - 1 - x] == b[bHi - 1 - y]) { x++; y++; }
                    backward[offset + k] = x;
                    if (x > n) bEnd += 2;
                    else if (y > m) bStart += 2;
                    else if (!odd)
                    {
                        int fore = offset + delta - k;
                        if (fore >= 0 && fore < length && forward[fore] != -1 && forward[fore] >= n - x)
                        {
                            int fx = forward[fore];
                            return (aLo + fx, bLo + fx - (fore - offset));
                        }
                    }
                }
            }
            return null;
        }
    }
}
