namespace Bootemu.Acpi.Tables;

/// <summary>
/// The 36-byte header every ACPI table starts with (ACPI 6.5 §5.2.6, ACPICA's <c>struct acpi_table_header</c>).
/// Text fields keep their exact bytes (padding spaces or NULs included) so a table written back is identical.
/// </summary>
/// <param name="Signature">four ASCII characters, e.g. "SRAT".</param>
/// <param name="Length">the Length field as found; the writers always write the true length of what they emit.</param>
/// <param name="Checksum">
/// null when the table's bytes summed to zero (the writer then computes the checksum), otherwise the wrong
/// byte that was found, kept so a table with a bad checksum is written back exactly as it came.
/// </param>
public sealed record AcpiTableHeader(
    string Signature,
    uint Length,
    byte Revision,
    byte? Checksum,
    string OemId,
    string OemTableId,
    uint OemRevision,
    string CreatorId,
    uint CreatorRevision)
{
    public const int Size = 36;

    /// <summary>Offset of the u32 Length field.</summary>
    public const int LengthOffset = 4;

    /// <summary>Offset of the Revision byte.</summary>
    public const int RevisionOffset = 8;

    /// <summary>
    /// The line ACPICA prints while listing tables at boot (<c>acpi_tb_print_table_header</c>):
    /// <c>ACPI: SRAT 0x000000007FFE22CB 000140 (v03 BOOTEM ORACLE   00000001 BEMU 00000001)</c>.
    /// The physical address is where firmware placed the table, which only the caller knows.
    /// </summary>
    public string BootLine(ulong physicalAddress) =>
        $"ACPI: {Signature} 0x{physicalAddress:X16} {Length:X6} (v{Revision:D2} {Fixed(OemId, 6)} {Fixed(OemTableId, 8)} {OemRevision:X8} {Fixed(CreatorId, 4)} {CreatorRevision:X8})";

    // ACPICA copies the field into a NUL-terminated buffer and prints it with %-N.Ns: the text stops at
    // the first NUL and is padded with spaces to N.
    private static string Fixed(string field, int width)
    {
        int nul = field.IndexOf('\0');
        string text = nul >= 0 ? field[..nul] : field;
        return text.PadRight(width);
    }
}
