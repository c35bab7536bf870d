using System.Text.RegularExpressions;
using Bootemu.Boot.Tests.Numa;

namespace Bootemu.Boot.Tests.Conformance;

/// <summary>
/// The families of kernel lines bootemu emulates, by the prefix the kernel prints them with. A
/// conformance comparison keeps, from both the real console.log and bootemu's dmesg, only the lines
/// of these families, in order, and requires them to be equal.
/// </summary>
public static partial class DmesgFamilies
{
    /// <summary>The families, grouped the way the conformance tests report them.</summary>
    public static readonly IReadOnlyDictionary<string, Regex> Groups = new Dictionary<string, Regex>
    {
        ["e820"] = E820(),
        ["e820 late"] = E820Late(),
        ["acpi"] = Acpi(),
        ["numa"] = NumaLineFamilies.Family(),
        ["zones"] = ZonesFamily(),
        ["percpu"] = Percpu(),
        ["zonelists"] = Zonelists(),
        ["hash tables"] = HashTables(),
        ["options"] = Options(),
        ["memblock"] = MemblockDebug(),
    };

    [GeneratedRegex(@"^(BIOS-provided physical RAM map:|BIOS-e820: |user-defined physical RAM map:|user: \[|e820: (update|remove) |last_pfn = )")]
    private static partial Regex E820();

    [GeneratedRegex(@"^(PM: hibernation: Registered nosave memory: |\[mem 0x[0-9a-f]+-0x[0-9a-f]+\] available for PCI devices|Cannot find an available gap|PCI devices with unassigned 32-bit BARs)")]
    private static partial Regex E820Late();

    [GeneratedRegex(@"^(RAMDISK: |ACPI: (SRAT|SLIT) 0x|ACPI: Reserving )")]
    private static partial Regex Acpi();

    [GeneratedRegex(@"^(Zone ranges:|  (DMA|DMA32|Normal|Device|Movable) +(empty|\[mem)|Movable zone start for each node|  Node \d+: 0x|Early memory node ranges|  node +\d+: \[mem|Initmem setup node|Initializing node|On node \d+, zone \w+: \d+ pages in unavailable ranges|This configuration results in unmirrored kernel memory)")]
    private static partial Regex ZonesFamily();

    [GeneratedRegex(@"^(Fallback order for Node |Built \d+ zonelists, mobility grouping |Policy zone: )")]
    private static partial Regex Zonelists();

    [GeneratedRegex(@"^(setup_percpu: |percpu: Embedded |pcpu-alloc: )")]
    private static partial Regex Percpu();

    [GeneratedRegex(@"^(Dentry cache|Inode-cache|Mount-cache|Mountpoint-cache) hash table entries: ")]
    private static partial Regex HashTables();

    [GeneratedRegex(@"^(Unknown kernel command line parameters|Malformed early option|mem=nopentium ignored)")]
    private static partial Regex Options();

    /// <summary>memblock=debug lines of the calls bootemu emulates (everything up to the zonelists, except the MP-table scan).</summary>
    [GeneratedRegex(@"^(memblock_(add|reserve|phys_alloc_range|alloc_try_nid|alloc_try_nid_raw|alloc_exact_nid_raw|phys_free|remove)|MEMBLOCK configuration:| memory size = | memory\.cnt| memory\[| reserved\.cnt| reserved\[)")]
    private static partial Regex MemblockDebug();

    public static IReadOnlyList<string> Select(IEnumerable<string> lines, Regex family) => lines.Where(l => family.IsMatch(l)).ToList();
}
