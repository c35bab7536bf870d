using System.CommandLine;
using Bootemu.Acpi.Tables;
using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Core.Yaml;

namespace Bootemu.Cli;

/// <summary>What the decode/encode/check verbs need to know about one kind of table (SRAT or SLIT).</summary>
/// <param name="Named">the signature with its article as it is read aloud: "an SRAT" (ess-rat), "a SLIT".</param>
/// <param name="DecodedInPart">true when part of the table could only be kept as bytes (decode then exits 1).</param>
internal sealed record TableCodec<T>(
    string Signature,
    string Named,
    Func<byte[], AcpiReadResult<T>> Read,
    Func<T, bool> DecodedInPart,
    Func<YamlValue, T> ReadYaml,
    Func<T, byte[]> Encode,
    Func<T, string> Yaml,
    Func<T, string> Json,
    Func<T, string> Dsl,
    Func<byte[], IReadOnlyList<AcpiDiagnostic>> Check);

/// <summary>
/// The three verbs `bootemu srat` and `bootemu slit` share. FILE may be the binary table, acpidump text or YAML,
/// told apart by content. decode writes the table to stdout and exits 1 when part of it could only be kept as
/// bytes (its findings go to stderr); encode writes the binary (never over its input);
/// check lists findings and exits 0 (none, or notes only), 1 (warnings) or 2 (the table cannot be read at all).
/// </summary>
internal static class TableVerbs
{
    /// <summary>How a verb describes a file holding one table: every form <see cref="TableInput"/> tells apart.</summary>
    public static string FileDescription(string signature) => $"the {signature}: binary, acpidump text or YAML";

    public static void AddTo<T>(Command command, TableCodec<T> codec)
    {
        string sig = codec.Signature;
        string named = codec.Named;

        var decodeFile = new Argument<string>("FILE") { Description = FileDescription(sig) };
        var format = new Option<string>("--format") { Description = "output form: yaml, json or dsl (an iasl listing)", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json", "dsl");
        var decode = new Command("decode", $"decode {named} and print it as YAML, JSON or an iasl .dsl listing");
        decode.Arguments.Add(decodeFile);
        decode.Options.Add(format);
        decode.SetAction(r => Decode(codec, r.GetValue(decodeFile)!, r.GetValue(format)!));

        var encodeFile = new Argument<string>("FILE") { Description = $"the {sig} in YAML (or acpidump text, or binary)" };
        var output = new Option<string>("--output", "-o") { Description = "the binary table to write", Required = true };
        var encode = new Command("encode", $"write {named} described in YAML as the binary table");
        encode.Arguments.Add(encodeFile);
        encode.Options.Add(output);
        encode.SetAction(r => Encode(codec, r.GetValue(encodeFile)!, r.GetValue(output)!));

        var checkFile = new Argument<string>("FILE") { Description = FileDescription(sig) };
        var checkFormat = new Option<string>("--format") { Description = "output form: text, or json (each finding with a stable id, severity and offset)", DefaultValueFactory = _ => "text" };
        checkFormat.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", $"list every problem in {named}, each with its byte offset (exit 0 clean, 1 problems, 2 unreadable)");
        check.Arguments.Add(checkFile);
        check.Options.Add(checkFormat);
        check.SetAction(r => Check(codec, r.GetValue(checkFile)!, r.GetValue(checkFormat)!));

        command.Subcommands.Add(decode);
        command.Subcommands.Add(encode);
        command.Subcommands.Add(check);
    }

    /// <summary>The table bytes, how to name places in them, and a note when an acpidump text holds more than one such table.</summary>
    private static (byte[] Bytes, string Where, string? Note) Load<T>(TableCodec<T> codec, string path)
    {
        var file = TableInput.Read(path, codec.Signature, yaml => codec.Encode(codec.ReadYaml(yaml)));
        return (file.Bytes, file.Where, file.Dump?.InstancesNote(codec.Signature));
    }

    private static int Decode<T>(TableCodec<T> codec, string path, string format)
    {
        var (bytes, where, note) = Load(codec, path);
        if (note is not null) Console.Error.WriteLine($"bootemu: {path}: info: {note}");
        var (table, warnings) = TableInput.At(where, () => codec.Read(bytes));
        foreach (var warning in warnings)
            Console.Error.WriteLine($"bootemu: {where}: {warning}");
        Console.Out.Write(format switch
        {
            "json" => codec.Json(table),
            "dsl" => codec.Dsl(table),
            _ => codec.Yaml(table),
        });
        // The output is the whole table either way; a part that is there only as bytes is a finding.
        return codec.DecodedInPart(table) ? CliRunner.ExitFindings : CliRunner.ExitOk;
    }

    private static int Encode<T>(TableCodec<T> codec, string path, string output)
    {
        if (SameFile(path, output))
            throw new InputException(output, "refusing to write the output over the input file");
        var (bytes, where, _) = Load(codec, path);
        // Decoding what will be written catches a table that is not well formed before anything is written.
        byte[] table = codec.Encode(TableInput.At(where, () => codec.Read(bytes)).Table);
        try { File.WriteAllBytes(output, table); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(output, $"cannot write: {e.Message}");
        }
        Console.Out.WriteLine($"{output}: {codec.Signature}, {table.Length} bytes");
        return CliRunner.ExitOk;
    }

    private static int Check<T>(TableCodec<T> codec, string path, string format)
    {
        var (bytes, where, note) = Load(codec, path);
        var findings = TableInput.At(where, () => codec.Check(bytes));
        int exitCode = findings.Any(f => f.Severity == AcpiSeverity.Warning) ? CliRunner.ExitFindings : CliRunner.ExitOk;
        if (format == "json")
        {
            Console.Out.Write(AcpiFindingsJson.Write(where, codec.Signature, bytes.Length, findings, note is null ? [] : [note], exitCode));
            return exitCode;
        }
        // Two tables of one kind is a fact about the dump, not about a byte of the table checked.
        if (note is not null) Console.Out.WriteLine($"{path}: info: {note}");
        foreach (var finding in findings)
            Console.Out.WriteLine($"{where}: {finding}");
        int warnings = findings.Count(f => f.Severity == AcpiSeverity.Warning);
        int infos = findings.Count - warnings + (note is null ? 0 : 1);
        Console.Out.WriteLine(warnings + infos == 0
            ? $"{where}: {codec.Signature} ({bytes.Length} bytes): no problems found"
            : $"{where}: {codec.Signature} ({bytes.Length} bytes): {warnings} warning(s), {infos} note(s)");
        return exitCode;
    }

    private static bool SameFile(string a, string b)
    {
        string fa = Resolve(a), fb = Resolve(b);
        return string.Equals(fa, fb, StringComparison.Ordinal);
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? full;
        }
        catch (IOException) { return full; }
    }
}
