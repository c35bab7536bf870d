using System.Text.RegularExpressions;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>The kernel log lines the NUMA step prints (SRAT, SLIT, NUMA cleanup, NODE_DATA, fallback, zonelist order).</summary>
internal static partial class NumaLineFamilies
{
    public static bool IsNumaLine(string line) => Family().IsMatch(line);

    public static List<string> Select(IEnumerable<string> lines) => lines.Where(IsNumaLine).ToList();

    [GeneratedRegex(@"^(SRAT: |ACPI: SRAT: |NUMA: |node \d+ \[mem |Warning: |\s*NODE_DATA\(|No NUMA configuration|NUMA turned off|Faking a node|ACPI: SLIT|ACPI: \[SRAT:|Fallback order for Node |Cannot find \d+ bytes|too many memblk ranges)")]
    private static partial Regex Family();
}
