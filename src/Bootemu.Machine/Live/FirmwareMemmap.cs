using System.Globalization;
using Bootemu.Core;

namespace Bootemu.Machine.Live;

/// <summary>
/// /sys/firmware/memmap: the e820 map exactly as the firmware handed it over (e820__memory_setup copies the table it
/// prints as <c>BIOS-e820:</c> lines into e820_table_firmware, which firmware_memmap_init publishes), so it stands in
/// for those lines when the log ring has wrapped past them. Memory hot-added since boot by add_memory (an ACPI memory
/// device, such as a pc-dimm hot-added during acpi_init) is there too as System RAM (firmware_map_add_hotplug), and
/// its folder may be numbered before the boot's entries (those are published later, by a late initcall), so the
/// entries are ordered by address, as the sanitised firmware table is.
/// </summary>
internal static class FirmwareMemmap
{
    /// <summary>The map under <paramref name="root"/>, or null when the machine shows none.</summary>
    public static E820Table? Read(string root)
    {
        string dir = LiveLayout.PathOf(root, LiveLayout.FirmwareMemmap);
        if (!Directory.Exists(dir)) return null;
        var entries = new List<(int Index, E820Entry Entry)>();
        foreach (var entryDir in Directory.EnumerateDirectories(dir))
        {
            if (!int.TryParse(Path.GetFileName(entryDir), NumberStyles.None, CultureInfo.InvariantCulture, out int index)) continue;
            ulong start = Hex(entryDir, "start"), end = Hex(entryDir, "end");
            string typePath = Path.Combine(entryDir, "type");
            string typeText = InputFile.ReadText(typePath).Trim();
            if (!E820TypeNames.TryParseFirmwareMap(typeText, out var type))
                throw new InputException(typePath, $"unknown firmware memory map type {InputText.Quote(typeText)}");
            if (end < start || end == ulong.MaxValue)
                throw new InputException(Path.Combine(entryDir, "end"), $"the entry ends before it starts or at the end of the address space: start 0x{start:x}, end 0x{end:x}");
            entries.Add((index, new E820Entry(start, end - start + 1, type)));
        }
        if (entries.Count == 0) return null;
        return new E820Table(entries.Select(e => e.Entry).OrderBy(e => e.Addr));
    }

    private static ulong Hex(string entryDir, string file)
    {
        string path = Path.Combine(entryDir, file);
        string text = InputFile.ReadText(path).Trim();
        if (!KernelLogText.TryHex(text, out ulong value))
            throw new InputException(path, $"expected a 0x hex address, found {InputText.Quote(text)}");
        return value;
    }

    /// <summary>
    /// The System RAM ranges of the firmware map that the boot's own e820 map (<paramref name="bios"/>) has no RAM for:
    /// memory add_memory hot-added after the boot path.
    /// </summary>
    public static IEnumerable<E820Entry> HotAdded(E820Table memmap, E820Table bios) =>
        memmap.Entries.Where(m => m.Type == E820Type.Ram
            && !bios.Entries.Any(b => b.Type == E820Type.Ram && b.Addr <= m.Addr && m.End <= b.End));
}
