namespace Bootemu.Acpi.Tables;

/// <summary>
/// A table read from its bytes and what was noticed while reading it. A strict read (decode) reports only the
/// checksum, which the kernel merely warns about; a lenient read (check) also reports the structural problems it
/// read past.
/// </summary>
public sealed record AcpiReadResult<T>(T Table, IReadOnlyList<AcpiDiagnostic> Diagnostics);
