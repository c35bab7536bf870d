namespace Bootemu.Hotplug.Output;

/// <summary>lsmem's output columns, in the order its column list names them.</summary>
public enum LsmemColumn { Range, Size, State, Removable, Block, Node, Zones }

/// <summary>lsmem's <c>--summary=WHEN</c>: the table then the summary (always, lsmem's default), only the summary, or only the table.</summary>
public enum LsmemSummary { Always, Only, Never }

/// <summary>
/// What lsmem is asked to print: its columns (<c>-o</c>), sizes in bytes (<c>-b</c>) and the summary (<c>--summary</c>).
/// The chosen columns also decide which blocks merge into one row, as lsmem's default split policy does.
/// </summary>
public sealed record LsmemChoices(IReadOnlyList<LsmemColumn> Columns, bool Bytes, LsmemSummary Summary)
{
    /// <summary>lsmem's columns when no -o is given, on every machine (NODE and ZONES only when asked for).</summary>
    public static readonly IReadOnlyList<LsmemColumn> DefaultColumns =
        [LsmemColumn.Range, LsmemColumn.Size, LsmemColumn.State, LsmemColumn.Removable, LsmemColumn.Block];

    /// <summary>lsmem holds at most twice as many columns as it knows (each may be named twice).</summary>
    public static readonly int MaxColumns = 2 * Enum.GetValues<LsmemColumn>().Length;

    /// <summary>What a plain <c>lsmem</c> prints.</summary>
    public static LsmemChoices Default { get; } = new(DefaultColumns, false, LsmemSummary.Always);

    /// <summary>A column's header, which is also its name in a column list.</summary>
    public static string Header(LsmemColumn column) => column.ToString().ToUpperInvariant();

    public bool Shows(LsmemColumn column) => Columns.Contains(column);
}
