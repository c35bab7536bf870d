using System.Text.Json;
using Bootemu.Tests.Shared;

namespace Bootemu.Machine.Tests;

/// <summary>One real Linux 6.1 boot from tests/conformance: its console log and the facts parsed from it.</summary>
internal sealed class ConformanceCase
{
    private ConformanceCase(string name)
    {
        Name = name;
        string dir = RepoPaths.ConformanceCase(name);
        ConsoleLog = File.ReadAllText(Path.Combine(dir, "console.log"));
        Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))).RootElement;
        Cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Trim();
    }

    public string Name { get; }
    public string ConsoleLog { get; }
    public JsonElement Expected { get; }

    /// <summary>The options the case added to the harness's fixed ones.</summary>
    public string Cmdline { get; }

    /// <summary>The whole command line the kernel saw (/proc/cmdline).</summary>
    public string ProcCmdline => Expected.GetProperty("proc_cmdline").GetString()!;

    public static ConformanceCase Load(string name) => new(name);

    public static IEnumerable<string> Names() => RepoPaths.ConformanceCases();

    /// <summary>
    /// The first boot's kernel messages (timestamps cut) that start with one of <paramref name="prefixes"/>,
    /// in log order: the serial capture, not the dmesg dump that follows it.
    /// </summary>
    public IReadOnlyList<string> FirstBootLines(params string[] prefixes)
    {
        var lines = new List<string>();
        int boots = 0;
        foreach (var raw in ConsoleLog.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            int close = line.IndexOf("] ", StringComparison.Ordinal);
            if (!line.Contains("[ ") || close < 0) continue;
            string message = line[(close + 2)..];
            if (message.StartsWith("Command line: ", StringComparison.Ordinal) && ++boots > 1) break;
            if (prefixes.Any(p => message.StartsWith(p, StringComparison.Ordinal))) lines.Add(message);
        }
        return lines;
    }
}
