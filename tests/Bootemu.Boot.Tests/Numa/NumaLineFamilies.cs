using System.Text.RegularExpressions;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>
/// The kernel log lines x86_numa_init prints (SRAT, SLIT, the numa_meminfo checks, NUMA emulation's fake nodes and
/// warnings, NODE_DATA, the fall back to one node): the "numa" family of the real-boot comparison (<see cref="Conformance.DmesgFamilies"/>) and the lines the
/// NUMA unit tests look at.
/// </summary>
internal static partial class NumaLineFamilies
{
    public static List<string> Select(IEnumerable<string> lines) => lines.Where(l => Family().IsMatch(l)).ToList();

    [GeneratedRegex(@"^(SRAT: |ACPI: SRAT: |NUMA: |node \d+ \[mem |Warning: |\s*NODE_DATA\(|No NUMA configuration|NUMA turned off|Faking a node|Faking node \d+ at |Fake node size |numa=fake=\d+ too large|Not enough memory for each node|numa_emulation: phys: |ACPI: SLIT|ACPI: \[SRAT:|Cannot find \d+ bytes|too many memblk ranges)")]
    public static partial Regex Family();
}
