using Bootemu.Acpi.Tables;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Acpi.Tests.Tables;

public class AcpiFindingIdTests
{
    [Test]
    public void Ids_are_those_promised_in_the_stable_list()
    {
        // finding-ids.txt is the contract with pipelines: a kind is never renumbered, renamed or dropped.
        var promised = File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Bootemu.Acpi.Tests", "Tables", "finding-ids.txt"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split(' ') is [var n, var code] ? (int.Parse(n), code) : throw new FormatException(l))
            .ToList();
        var actual = Enum.GetValues<AcpiFindingId>().Select(id => ((int)id, id.Code())).ToList();
        Assert.That(actual, Is.EqualTo(promised));
    }

    [Test]
    public void Codes_are_unique_kebab_case()
    {
        var codes = Enum.GetValues<AcpiFindingId>().Select(id => id.Code()).ToList();
        Assert.That(codes, Is.Unique);
        Assert.That(codes, Has.All.Match("^[a-z][a-z0-9]*(-[a-z0-9]+)*$"));
    }

    [Test]
    public void Code_keeps_a_digit_with_the_capital_before_it()
    {
        Assert.That(AcpiFindingId.SratX2ApicIdSkipped.Code(), Is.EqualTo("srat-x2-apic-id-skipped"));
    }

    [Test]
    public void Each_kind_has_one_severity_carried_by_its_findings()
    {
        Assert.That(new AcpiDiagnostic(AcpiFindingId.SlitAsymmetric, 44, "x").Severity, Is.EqualTo(AcpiSeverity.Info));
        Assert.That(new AcpiDiagnostic(AcpiFindingId.SratMemoryOverlap, 48, "x").Severity, Is.EqualTo(AcpiSeverity.Warning));
    }
}
