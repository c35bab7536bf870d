using Bootemu.Boot.Model;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Output;

/// <summary>
/// The reasons of a NOT removable verdict as the text report words them: sizes by <see cref="ReportSize"/>, and a run
/// of early allocations of one name and size (the kernel makes one per-cpu area per CPU) as one line.
/// </summary>
public static class RemovalBlockerLines
{
    public static IEnumerable<string> Of(IReadOnlyList<RemovalBlocker> blockers)
    {
        for (int i = 0; i < blockers.Count; )
        {
            var b = blockers[i];
            if (b.Allocation is not { } first)
            {
                yield return b.Sized is { } sized ? sized.Render(ReportSize.Of) : b.Text;
                i++;
                continue;
            }
            int j = i + 1;
            while (j < blockers.Count && blockers[j].Allocation is { } next && next.What == first.What && next.Size == first.Size) j++;
            yield return j - i == 1 ? Single(first) : Run(blockers.Skip(i).Take(j - i).Select(x => x.Allocation!).ToList());
            i = j;
        }
    }

    private static string Single(EarlyAllocation a) =>
        $"early allocation \"{a.What}\" of {ReportSize.Of(a.Size)} sits at {Printk.Pa(a.Base)} on it (PageReserved for good)";

    private static string Run(IReadOnlyList<EarlyAllocation> run)
    {
        var a = run[0];
        ulong low = run.Min(r => r.Base), high = run.Max(r => r.End);
        return $"{run.Count} early allocations \"{a.What}\" of {ReportSize.Of(a.Size)} each ({ReportSize.Of(a.Size * (ulong)run.Count)} in all) " +
               $"sit in [{Printk.Pa(low)}-{Printk.Pa(high - 1)}] on it (PageReserved for good)";
    }
}
