using System.CommandLine;
using Bootemu.Acpi.Srat;
using Bootemu.Acpi.Text;

namespace Bootemu.Cli;

/// <summary>`bootemu srat decode|encode|check`.</summary>
internal static class SratCommand
{
    public static Command Create()
    {
        var command = new Command("srat", "decode, encode and check ACPI SRAT tables");
        TableVerbs.AddTo(command, new TableCodec<Srat>(
            Srat.Signature,
            "an SRAT",
            bytes => SratReader.Read(bytes),
            srat => !srat.Undecoded.IsEmpty,
            SratYaml.Read,
            srat => srat.Encode(),
            SratYamlWriter.Write,
            SratJsonWriter.Write,
            SratDslWriter.Write,
            bytes => SratChecker.Check(bytes)));
        return command;
    }
}
