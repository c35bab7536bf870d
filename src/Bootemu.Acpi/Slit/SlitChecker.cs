using Bootemu.Acpi.Tables;

namespace Bootemu.Acpi.Slit;

/// <summary>
/// Everything worth telling a firmware engineer about a SLIT, each finding at its byte offset: the structural
/// problems the lenient reader found, entries the kernel's <c>slit_valid</c> rejects, unreachable (0xFF) and
/// asymmetric distances, and (as a note) bytes after the matrix.
/// </summary>
public static class SlitChecker
{
    public static IReadOnlyList<AcpiDiagnostic> Check(ReadOnlySpan<byte> data)
    {
        var (slit, read) = Slit.ReadLenient(data);
        // What the read found about the header comes first, the bytes after the matrix last: findings in offset order.
        var findings = new List<AcpiDiagnostic>(read.Where(f => f.Offset < slit.TrailingOffset));
        int n = slit.LocalityCount;
        bool invalid = false;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                byte d = slit.Distance(i, j);
                int at = Slit.OffsetOf(n, i, j);
                if (i == j && d != Slit.LocalDistance)
                {
                    findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitSelfDistance, at, $"distance from locality {i} to itself is {d}, must be 10"));
                    invalid = true;
                }
                else if (i != j && d <= Slit.LocalDistance)
                {
                    findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitRemoteDistance, at, $"distance from locality {i} to {j} is {d}, must be more than 10"));
                    invalid = true;
                }
                else if (i != j && d == 0xff)
                    findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitUnreachable, at, $"locality {j} is unreachable from locality {i} (distance 0xff)"));
                if (i < j && d != slit.Distance(j, i))
                    findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitAsymmetric, at, $"distance {i}->{j} is {d} but {j}->{i} is {slit.Distance(j, i)}"));
            }
        if (invalid)
            findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitRejected, Slit.HeaderSize, "the kernel rejects this table: it prints \"ACPI: SLIT table looks invalid. Not used.\" and keeps distances 10 (local) and 20 (remote)"));
        findings.AddRange(read.Where(f => f.Offset >= slit.TrailingOffset));
        return findings;
    }
}
