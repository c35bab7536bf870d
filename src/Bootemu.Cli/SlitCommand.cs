using System.CommandLine;
using Bootemu.Acpi.Slit;
using Bootemu.Acpi.Text;

namespace Bootemu.Cli;

/// <summary>`bootemu slit decode|encode|check`.</summary>
internal static class SlitCommand
{
    public static Command Create()
    {
        var command = new Command("slit", "decode, encode and check ACPI SLIT tables");
        TableVerbs.AddTo(command, new TableCodec<Slit>(
            Slit.Signature,
            "a SLIT",
            bytes => Slit.Read(bytes),
            _ => false,
            SlitYaml.Read,
            slit => slit.Encode(),
            SlitWriter.Yaml,
            SlitWriter.Json,
            SlitWriter.Dsl,
            bytes => SlitChecker.Check(bytes)));
        return command;
    }
}
