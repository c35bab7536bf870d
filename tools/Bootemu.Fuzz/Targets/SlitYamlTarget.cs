using System.Text;
using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Text;

namespace Bootemu.Fuzz.Targets;

/// <summary>The SLIT in YAML as <c>bootemu slit encode</c> takes it: parsed, encoded, and the binary read back and printed.</summary>
public sealed class SlitYamlTarget : FuzzTarget
{
    public override string Name => "slit-yaml";
    public override string What => "SLIT YAML through SlitYaml.Parse, Encode, then Slit.Read and the YAML writer";
    public override IReadOnlyList<string> Dictionary => AcpiWords.Slit;

    public override void Run(byte[] input)
    {
        var bytes = SlitYaml.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml").Encode();
        SlitWriter.Yaml(Slit.Read(bytes).Table);
    }
}
