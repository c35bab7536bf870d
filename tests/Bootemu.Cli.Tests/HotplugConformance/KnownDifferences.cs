using Bootemu.Tests.Shared;

namespace Bootemu.Cli.Tests.HotplugConformance;

/// <summary>
/// tests/conformance-hotplug/known-differences.txt: one op per line, "case op reason", for ops where bootemu still
/// differs from the kernel for a known cause that is not emulated yet. '#' starts a comment.
/// </summary>
internal static class KnownDifferences
{
    public static string FilePath => Path.Combine(RepoPaths.ConformanceHotplug, "known-differences.txt");

    public static Dictionary<(string Case, int Op), string> Load()
    {
        var result = new Dictionary<(string, int), string>();
        if (!File.Exists(FilePath)) return result;
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(FilePath))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[1], out int op))
                throw new FormatException($"{FilePath}:{lineNumber}: expected \"case op reason\"");
            result.Add((parts[0], op), parts[2]);
        }
        return result;
    }
}
