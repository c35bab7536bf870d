using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;

namespace Bootemu.Boot.Tests.Conformance;

/// <summary>
/// The kernel lines of one conformance boot's console.log: timestamps removed, only the first boot
/// (the serial log ends with a dmesg dump that repeats it).
/// </summary>
public static partial class ConsoleLog
{
    [GeneratedRegex(@"^.*?\[\s*\d+\.\d+\] ")]
    private static partial Regex Timestamp();

    public static string Path(string caseName) => System.IO.Path.Combine(RepoPaths.ConformanceCase(caseName), "console.log");

    /// <summary>The kernel's lines from "Linux version" up to the first line that repeats it, without timestamps.</summary>
    public static IReadOnlyList<string> KernelLines(string caseName)
    {
        var lines = new List<string>();
        bool started = false;
        foreach (var raw in File.ReadLines(Path(caseName)))
        {
            var m = Timestamp().Match(raw);
            if (!m.Success) continue;
            string text = raw[m.Length..].TrimEnd('\r');
            if (text.StartsWith("Linux version ", StringComparison.Ordinal))
            {
                if (started) break;
                started = true;
            }
            if (started) lines.Add(text);
        }
        return lines;
    }

    /// <summary>The boot's lines from the first one starting with <paramref name="from"/> up to (not including) the first one starting with <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> Between(string caseName, string from, string to)
    {
        var all = KernelLines(caseName);
        int start = -1;
        for (int i = 0; i < all.Count; i++)
        {
            if (start < 0 && all[i].StartsWith(from, StringComparison.Ordinal)) start = i;
            else if (start >= 0 && all[i].StartsWith(to, StringComparison.Ordinal)) return all.Skip(start).Take(i - start).ToList();
        }
        throw new InvalidOperationException($"{caseName}: no lines from \"{from}\" to \"{to}\"");
    }
}
