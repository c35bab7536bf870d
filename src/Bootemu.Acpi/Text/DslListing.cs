using System.Text;

namespace Bootemu.Acpi.Text;

/// <summary>
/// Lines of an iasl data-table listing: "[HexOffset DecimalOffset ByteLength]  FieldName : FieldValue", the field
/// name right-aligned in 29 columns, flag bits on their own lines below their field, values in uppercase hex.
/// </summary>
internal sealed class DslListing
{
    private readonly StringBuilder _sb = new();

    public DslListing Field(int offset, int size, string name, string value)
    {
        _sb.Append($"[{offset:X3}h {offset:D4} {size,3}] {name,28} : {value}\n");
        return this;
    }

    public DslListing Hex(int offset, int size, string name, ulong value) => Field(offset, size, name, value.ToString("X" + size * 2));

    public DslListing Flag(string name, bool set)
    {
        _sb.Append(' ', 15).Append($"{name,29} : {(set ? 1 : 0)}\n");
        return this;
    }

    public DslListing Text(string text)
    {
        _sb.Append(text);
        return this;
    }

    public DslListing Blank() => Text("\n");

    /// <summary>
    /// The comment block iasl puts first; <paramref name="compileNote"/> (lines apart with \n) says how the listing
    /// turns back into the table, or why it cannot (<see cref="DslHeader.CompileNote"/>).
    /// </summary>
    public DslListing Preamble(string signature, string description, string compileNote) => Text(
        "/*\n" +
        " * bootemu: ACPI table listing in the format of the Intel ACPI Component Architecture\n" +
        " * AML/ASL+ Disassembler version 20200925\n" +
        $" * {compileNote.Replace("\n", "\n * ")}\n" +
        " *\n" +
        $" * ACPI Data Table [{signature}]\n" +
        " *\n" +
        " * Format: [HexOffset DecimalOffset ByteLength]  FieldName : FieldValue\n" +
        " */\n\n").Field(0, 4, "Signature", $"\"{signature}\"    [{description}]");

    public DslListing RawData(ReadOnlySpan<byte> table)
    {
        _sb.Append($"Raw Table Data: Length {table.Length} (0x{table.Length:X})\n\n");
        HexDump.Write(_sb, table, "// ");
        return this;
    }

    public override string ToString() => _sb.ToString();
}
