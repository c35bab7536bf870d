namespace Bootemu.Acpi.Tables;

/// <summary>How much a finding about a table matters.</summary>
public enum AcpiSeverity
{
    /// <summary>Worth knowing, not wrong (for example a disabled entry).</summary>
    Info,
    /// <summary>The table breaks a rule of the specification or the kernel will react to it.</summary>
    Warning,
}

/// <summary>One finding about a table, at the byte offset it concerns; <paramref name="Id"/> says which kind it is.</summary>
public sealed record AcpiDiagnostic(AcpiFindingId Id, int Offset, string Message)
{
    /// <summary>How much it matters: fixed by its kind.</summary>
    public AcpiSeverity Severity => Id.Severity();

    /// <summary>"offset 0x30 (48): warning: ..." as the CLI prints it.</summary>
    public override string ToString() =>
        $"offset 0x{Offset:x} ({Offset}): {(Severity == AcpiSeverity.Info ? "info" : "warning")}: {Message}";
}
