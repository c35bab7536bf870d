using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A binary table as <c>bootemu srat|slit decode|encode|check FILE</c> takes it: each verb's work on the table bytes,
/// decode and every output form, encode (decode, encode, decode again), check. A verb that refuses the table does not
/// stop the next one, as each is a separate command. The bytes are always the binary table: the CLI would send a file
/// without a NUL byte or the signature to the acpidump or YAML reader, which the acpidump and YAML targets fuzz, and
/// here those readers would only take runs away from the binary reader (YamlDotNet's hangs among them).
/// </summary>
public abstract class TableFileTarget<T> : FuzzTarget
{
    protected abstract AcpiReadResult<T> Read(byte[] bytes);
    protected abstract byte[] Encode(T table);
    protected abstract IEnumerable<Func<T, string>> Writers { get; }
    protected abstract IReadOnlyList<AcpiDiagnostic> Check(byte[] bytes);

    public override bool HasAcpiTables => true;

    public override void Run(byte[] input)
    {
        Verb(() =>
        {
            var table = Read(input).Table;
            foreach (var write in Writers) write(table);
        });
        Verb(() => Read(Encode(Read(input).Table)));
        Verb(() => Check(input));
    }

    private static void Verb(Action verb)
    {
        try { verb(); }
        catch (InputException) { }
    }
}
