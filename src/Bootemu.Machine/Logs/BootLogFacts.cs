using System.Globalization;
using Bootemu.Core;

namespace Bootemu.Machine.Logs;

/// <summary>Where an ACPI table sits in physical memory, as the kernel lists or reserves it.</summary>
public sealed record AcpiTableLocation(string Signature, ulong Address, ulong Length)
{
    /// <summary>The first byte after the table.</summary>
    public ulong End => Address + Length;
}

/// <summary>
/// The facts about a machine that a saved Linux boot log (dmesg, serial console) gives away: the
/// firmware e820 map, where the boot loader put the initrd (<c>RAMDISK: [mem ...]</c>), where the
/// ACPI tables sit (the <c>ACPI: SIG 0x... len</c> listing and the <c>ACPI: Reserving SIG table
/// memory at [mem ...]</c> lines) and the command line. When a log holds the same boot twice (a
/// console capture followed by a dmesg dump), the first copy is read. Ranges are [Start, End).
/// </summary>
public sealed record BootLogFacts
{
    /// <summary>The <c>BIOS-e820:</c> lines, or null when the log has none.</summary>
    public E820Table? BiosE820 { get; init; }

    /// <summary>The initrd from <c>RAMDISK: [mem 0x...-0x...]</c> (End exclusive), or null.</summary>
    public (ulong Start, ulong End)? Ramdisk { get; init; }

    /// <summary>acpi_table_init's listing (acpi_tb_print_table_header): signature, address and length of every table, RSDP and RSDT/XSDT included.</summary>
    public IReadOnlyList<AcpiTableLocation> AcpiTables { get; init; } = Array.Empty<AcpiTableLocation>();

    /// <summary>acpi_reserve_initial_tables' <c>ACPI: Reserving SIG table memory at [mem ...]</c> lines, in order: the ranges memblock reserves.</summary>
    public IReadOnlyList<AcpiTableLocation> AcpiReservations { get; init; } = Array.Empty<AcpiTableLocation>();

    /// <summary>The boot's <c>Command line:</c> (exactly as printed, trailing space included), or null.</summary>
    public string? CommandLine { get; init; }

    /// <summary>
    /// The possible CPUs from setup_per_cpu_areas' <c>setup_percpu: NR_CPUS:... nr_cpu_ids:N ...</c> line (both builds
    /// print it; hot-pluggable CPUs included), or null. The MADT, which bootemu does not read, decides it; the log tells it.
    /// </summary>
    public int? PossibleCpus { get; init; }

    /// <summary>Reads the facts from a log text; lines it does not know are ignored. A malformed line of a known kind is an error with its line number.</summary>
    public static BootLogFacts Parse(string text, string source)
    {
        E820Table? e820 = KernelLogText.Find(text, "BIOS-e820: ").Any() ? E820Table.ParseBiosLines(text, source) : null;

        (ulong, ulong)? ramdisk = null;
        foreach (var hit in KernelLogText.Find(text, "RAMDISK: "))
        {
            ramdisk = Range(hit.Message["RAMDISK: ".Length..], $"{source}:{hit.LineNumber}", "RAMDISK", out _);
            break;
        }

        var reservations = new List<AcpiTableLocation>();
        var listing = new List<AcpiTableLocation>();
        foreach (var hit in KernelLogText.Find(text, "ACPI: "))
        {
            string m = hit.Message["ACPI: ".Length..];
            string where = $"{source}:{hit.LineNumber}";
            if (m.StartsWith("Reserving ", StringComparison.Ordinal) && m.Length >= 14 && m[14..].StartsWith(" table memory at ", StringComparison.Ordinal))
            {
                string signature = m.Substring(10, 4);
                var (start, end) = Range(m[(14 + " table memory at ".Length)..], where, "ACPI reservation", out _);
                reservations.Add(new AcpiTableLocation(signature, start, end - start));
            }
            else if (TryListing(m, out var table))
                listing.Add(table);
        }

        string? commandLine = null;
        // Only the boot's own "Command line: " matches: the later "Kernel command line: " has a lower-case c.
        foreach (var hit in KernelLogText.Find(text, "Command line: "))
        {
            commandLine = hit.Message["Command line: ".Length..];
            break;
        }

        int? possibleCpus = null;
        foreach (var hit in KernelLogText.Find(text, "setup_percpu: "))
        {
            const string key = " nr_cpu_ids:";
            string m = hit.Message;
            int at = m.IndexOf(key, StringComparison.Ordinal);
            if (at < 0) continue;
            int end = m.IndexOf(' ', at + key.Length);
            if (int.TryParse(m.AsSpan(at + key.Length, (end < 0 ? m.Length : end) - at - key.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
                possibleCpus = n;
            break;
        }

        return new BootLogFacts
        {
            BiosE820 = e820,
            Ramdisk = ramdisk,
            AcpiTables = listing,
            AcpiReservations = reservations,
            CommandLine = commandLine,
            PossibleCpus = possibleCpus,
        };
    }

    private static (ulong Start, ulong End) Range(string text, string where, string what, out string rest)
    {
        if (!KernelLogText.TryMemRange(text.Trim(), out ulong start, out ulong last, out rest))
            throw new InputException(where, $"malformed {what} line: expected '[mem 0xSTART-0xEND]', found {InputText.Quote(text.Trim())}");
        if (last < start)
            throw new InputException(where, $"{what} line ends before it starts: {InputText.Quote(text.Trim())}");
        if (last == ulong.MaxValue)
            throw new InputException(where, $"{what} line reaches the end of the address space (its end 2^64 does not fit in 64 bits): {InputText.Quote(text.Trim())}");
        return (start, last + 1);
    }

    /// <summary>acpi_tb_print_table_header: "SIG 0x%016X %06X ..." (the FACS line stops after the length).</summary>
    private static bool TryListing(string m, out AcpiTableLocation table)
    {
        table = null!;
        if (m.Length < 4 + 1 + 18 + 1 + 1 || m[4] != ' ' || !m.AsSpan(5).StartsWith("0x")) return false;
        string signature = m[..4];
        int addrEnd = m.IndexOf(' ', 5);
        if (addrEnd < 0) return false;
        if (!KernelLogText.TryHex(m[5..addrEnd], out ulong address)) return false;
        int lenEnd = m.IndexOf(' ', addrEnd + 1);
        string len = lenEnd < 0 ? m[(addrEnd + 1)..] : m[(addrEnd + 1)..lenEnd];
        if (!ulong.TryParse(len.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong length)) return false;
        table = new AcpiTableLocation(signature, address, length);
        return true;
    }
}
