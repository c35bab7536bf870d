using System.Text;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Text;

namespace Bootemu.Fuzz.Targets;

/// <summary>The SRAT in YAML as <c>bootemu srat encode</c> takes it: parsed, encoded, and the binary read back and printed.</summary>
public sealed class SratYamlTarget : FuzzTarget
{
    public override string Name => "srat-yaml";
    public override string What => "SRAT YAML through SratYaml.Parse, Encode, then SratReader.Read and the YAML writer";
    public override IReadOnlyList<string> Dictionary => AcpiWords.Srat;

    public override void Run(byte[] input)
    {
        var bytes = SratYaml.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml").Encode();
        SratYamlWriter.Write(SratReader.Read(bytes).Table);
    }
}
