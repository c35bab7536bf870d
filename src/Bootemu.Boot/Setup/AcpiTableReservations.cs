using Bootemu.Acpi.Tables;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using Bootemu.Machine.E820;

namespace Bootemu.Boot.Setup;

/// <summary>An ACPI table where firmware placed it: its signature, physical address and length.</summary>
internal readonly record struct AcpiTablePlacement(string Signature, ulong Address, ulong Length);

/// <summary>
/// acpi_boot_table_init() → acpi_table_init() and acpi_reserve_initial_tables()
/// (drivers/acpi/tables.c): the table listing (one line per table, printed from the table's own
/// header, so bootemu prints it only for the tables whose bytes it holds: the SRAT and the SLIT),
/// then one <c>memblock_reserve</c> per table with its <c>ACPI: Reserving</c> line. Where the
/// tables sit matters: a reservation inside a node's range keeps that node un-hotpluggable.
/// </summary>
internal static class AcpiTableReservations
{
    /// <summary>The machine's tables where it says they sit, or, for a machine that does not say, where SeaBIOS puts them.</summary>
    public static void Run(Memblock.Memblock memblock, MachineDescription machine, KernelLog log, BootAllocations allocations, List<string> notes,
        Kernel.BootCallers callers) =>
        Run(memblock, Placements(machine, notes), TableBytes(machine), log, allocations, callers);

    private static void Run(Memblock.Memblock memblock, IReadOnlyList<AcpiTablePlacement> tables,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> tableBytes, KernelLog log, BootAllocations allocations, Kernel.BootCallers callers)
    {
        foreach (var t in tables)
        {
            if (!tableBytes.TryGetValue(t.Signature, out var bytes)) continue;
            string? line = ListingLine(bytes.Span, t.Signature, t.Address);
            if (line is not null) log.Info(line);
        }
        foreach (var t in tables)
        {
            if (t.Length == 0) continue;
            log.Info($"ACPI: Reserving {t.Signature} table memory at [mem 0x{t.Address:x}-0x{t.Address + t.Length - 1:x}]");
            memblock.Reserve(t.Address, t.Length, callers.AcpiReserveTables);
            allocations.Add(BootAllocationNames.AcpiTable(t.Signature), t.Address, t.Length);
        }
    }

    private static IReadOnlyList<AcpiTablePlacement> Placements(MachineDescription machine, List<string> notes)
    {
        if (machine.AcpiTables.Count > 0)
            return machine.AcpiTables.Select(t => new AcpiTablePlacement(t.Signature, t.Address, t.Length)).ToArray();
        var tables = new List<(string, ulong)>();
        if (machine.Srat is { } srat) tables.Add(("SRAT", (ulong)srat.Length));
        if (machine.Slit is { } slit) tables.Add(("SLIT", (ulong)slit.Length));
        if (tables.Count == 0) return Array.Empty<AcpiTablePlacement>();
        var placed = PlaceLikeSeaBios(machine.BiosE820, tables);
        notes.Add("the machine does not say where its ACPI tables sit: placed as SeaBIOS does, from " +
                  $"{Bootemu.Core.Printk.Printk.AltHex(placed[0].Address)} (the top of RAM below 4 GiB); only the SRAT/SLIT are reserved");
        return placed;
    }

    /// <summary>The bytes bootemu holds of the machine's tables: its SRAT and SLIT.</summary>
    private static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> TableBytes(MachineDescription machine)
    {
        var bytes = new Dictionary<string, ReadOnlyMemory<byte>>();
        if (machine.Srat is { } srat) bytes["SRAT"] = srat;
        if (machine.Slit is { } slit) bytes["SLIT"] = slit;
        return bytes;
    }

    /// <summary>acpi_tb_print_table_header's line for a table whose header can be read; null when it cannot.</summary>
    private static string? ListingLine(ReadOnlySpan<byte> bytes, string signature, ulong address)
    {
        try
        {
            var (header, _) = AcpiTableCodec.ReadHeader(bytes, signature, AcpiTableHeader.Size, new List<AcpiDiagnostic>(), strict: false);
            return header.BootLine(address);
        }
        catch (InputException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where SeaBIOS (QEMU) would have put the tables of a machine whose description does not say:
    /// packed one after another at the start of the firmware-reserved range that follows the top of
    /// RAM below 4 GiB, or, when RAM runs straight into the next range, in the last 64 KiB of that RAM.
    /// </summary>
    public static IReadOnlyList<AcpiTablePlacement> PlaceLikeSeaBios(E820Table firmwareE820, IEnumerable<(string Signature, ulong Length)> tables)
    {
        ulong lowRamEnd = 0;
        foreach (var e in firmwareE820.Entries)
            if (e.Type == E820Type.Ram && e.Addr < (1UL << 32)) lowRamEnd = Math.Max(lowRamEnd, Math.Min(e.End, 1UL << 32));
        bool followedByFirmware = firmwareE820.Entries.Any(e => e.Addr == lowRamEnd && e.Type != E820Type.Ram);
        ulong next = followedByFirmware ? lowRamEnd : (lowRamEnd >= 0x10000 ? lowRamEnd - 0x10000 : 0);
        var placements = new List<AcpiTablePlacement>();
        foreach (var (signature, length) in tables)
        {
            placements.Add(new AcpiTablePlacement(signature, next, length));
            next += length;
        }
        return placements;
    }
}
