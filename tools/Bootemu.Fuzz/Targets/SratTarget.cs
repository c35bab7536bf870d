using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;

namespace Bootemu.Fuzz.Targets;

/// <summary>`bootemu srat decode|encode|check FILE` on a binary SRAT.</summary>
public sealed class SratTarget : TableFileTarget<Srat>
{
    public override string Name => "srat";
    public override int MaxLength => 2048;
    public override string What => "SRAT file (binary) through srat decode (yaml, json, dsl), encode and check";
    public override IReadOnlyList<string> Dictionary => AcpiWords.Srat;
    protected override AcpiReadResult<Srat> Read(byte[] bytes) => SratReader.Read(bytes);
    protected override byte[] Encode(Srat table) => table.Encode();
    protected override IEnumerable<Func<Srat, string>> Writers => [SratYamlWriter.Write, SratJsonWriter.Write, SratDslWriter.Write];
    protected override IReadOnlyList<AcpiDiagnostic> Check(byte[] bytes) => SratChecker.Check(bytes);
}
