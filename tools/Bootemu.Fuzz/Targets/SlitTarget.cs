using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;

namespace Bootemu.Fuzz.Targets;

/// <summary>`bootemu slit decode|encode|check FILE` on a binary SLIT.</summary>
public sealed class SlitTarget : TableFileTarget<Slit>
{
    public override string Name => "slit";
    public override int MaxLength => 2048;
    public override string What => "SLIT file (binary) through slit decode (yaml, json, dsl), encode and check";
    public override IReadOnlyList<string> Dictionary => AcpiWords.Slit;
    protected override AcpiReadResult<Slit> Read(byte[] bytes) => Slit.Read(bytes);
    protected override byte[] Encode(Slit table) => table.Encode();
    protected override IEnumerable<Func<Slit, string>> Writers => [SlitWriter.Yaml, SlitWriter.Json, SlitWriter.Dsl];
    protected override IReadOnlyList<AcpiDiagnostic> Check(byte[] bytes) => SlitChecker.Check(bytes);
}
