using System.CommandLine;
using Bootemu.Core;
using Bootemu.Hotplug.Output;

namespace Bootemu.Cli;

/// <summary>
/// lsmem's own choices for `hotplug --format lsmem`, named after lsmem's options with an `--lsmem-` prefix so that they
/// read as lsmem's and not as bootemu's (lsmem's -o/--output, -b/--bytes and --summary=WHEN). They are bad input with
/// any other format.
/// </summary>
internal sealed class LsmemOptions
{
    private readonly Option<string> _output = new("--lsmem-output")
    {
        Description = "lsmem's -o: the columns of --format lsmem, comma-separated, from RANGE, SIZE, STATE, REMOVABLE, BLOCK, NODE, ZONES " +
                      "(default: RANGE,SIZE,STATE,REMOVABLE,BLOCK, as lsmem prints; '+NODE,ZONES' adds to those); blocks merge into one row " +
                      "unless a chosen STATE, REMOVABLE, NODE or ZONES column tells them apart",
    };

    private readonly Option<bool> _bytes = new("--lsmem-bytes") { Description = "lsmem's -b: --format lsmem prints sizes in bytes" };

    private readonly Option<string> _summary = new("--lsmem-summary")
    {
        Description = "lsmem's --summary=WHEN for --format lsmem: always (the table, a blank line, the summary), only (the summary) or never (the table)",
        DefaultValueFactory = _ => "always",
    };

    private LsmemOptions() => _summary.AcceptOnlyFromAmong("always", "only", "never");

    public static LsmemOptions AddTo(Command command)
    {
        var options = new LsmemOptions();
        command.Options.Add(options._output);
        command.Options.Add(options._bytes);
        command.Options.Add(options._summary);
        return options;
    }

    /// <summary>lsmem's choices as given; refused when one is given with a <paramref name="format"/> other than lsmem.</summary>
    public LsmemChoices Choices(ParseResult parse, string format)
    {
        if (format != "lsmem")
            foreach (var option in new Option[] { _output, _bytes, _summary })
                if (parse.GetResult(option) is { Implicit: false })
                    throw new InputException(option.Name, "only with --format lsmem");
        string? list = parse.GetValue(_output);
        return new LsmemChoices(
            list is null ? LsmemChoices.DefaultColumns : Columns(list),
            parse.GetValue(_bytes),
            parse.GetValue(_summary) switch { "only" => LsmemSummary.Only, "never" => LsmemSummary.Never, _ => LsmemSummary.Always });
    }

    /// <summary>
    /// A column list as lsmem reads it: names matched case-insensitively, a name may repeat, and a leading '+' adds the
    /// list to the default columns instead of replacing them.
    /// </summary>
    internal static IReadOnlyList<LsmemColumn> Columns(string list)
    {
        bool adds = list.StartsWith('+');
        var columns = new List<LsmemColumn>(adds ? LsmemChoices.DefaultColumns : []);
        foreach (string name in (adds ? list[1..] : list).Split(','))
        {
            var column = Enum.GetValues<LsmemColumn>().Where(c => string.Equals(LsmemChoices.Header(c), name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (column.Count == 0)
                throw new InputException("--lsmem-output", $"unknown column {InputText.Quote(name)} (expected {string.Join(", ", Enum.GetValues<LsmemColumn>().Select(LsmemChoices.Header))})");
            columns.AddRange(column);
        }
        if (columns.Count > LsmemChoices.MaxColumns)
            throw new InputException("--lsmem-output", $"{columns.Count} columns; lsmem takes at most {LsmemChoices.MaxColumns}");
        return columns;
    }
}
