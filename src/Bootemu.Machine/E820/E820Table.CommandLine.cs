using Bootemu.Core;
using Bootemu.Core.Logging;

namespace Bootemu.Machine.E820;

public sealed partial class E820Table
{
    /// <summary>
    /// parse_early_param's effect on the map, then e820__finish_early_params: replays the mem= and
    /// memmap= edits of <paramref name="options"/> in command-line order, printing every early-param
    /// line (the <c>e820: remove</c> lines, <c>Malformed early option</c>, <c>mem=nopentium ignored!</c>)
    /// where the kernel prints it. When an edit was made (the kernel's userdef) the table is sanitised
    /// and printed as <c>user-defined physical RAM map:</c> with <c>user:</c> lines.
    /// </summary>
    /// <exception cref="InputException">The edited map has fewer than 2 entries: the kernel panics with "Invalid user supplied memory map".</exception>
    public E820Table ApplyCommandLine(BootOptions options, KernelLog log)
    {
        var table = this;
        foreach (var step in options.EarlyParamSteps)
        {
            if (step.Message is { } m) log.Print(m.Level, m.Text);
            if (step.Edit is { } edit) table = table.Apply(edit, log);
        }
        if (!options.E820UserDefined) return table;
        if (!table.TrySanitize(out var sanitized))
        {
            log.Print(KernelLogLevel.Emerg, "Kernel panic - not syncing: Invalid user supplied memory map");
            string edits = string.Join(" ", options.EarlyParamSteps.Where(s => s.Edit is not null).Select(s => s.Edit!.Option));
            // e820__update_table refuses a map of fewer than 2 entries, or one with an entry that wraps past 2^64.
            string why = table.Entries.FirstOrDefault(e => e.Size != 0 && e.Addr + e.Size < e.Addr) is { } wraps
                ? $"the entry at {Bootemu.Core.Printk.Printk.AltHex(wraps.Addr)} of size {Bootemu.Core.Printk.Printk.AltHex(wraps.Size)} wraps past 2^64"
                : $"the e820 map has {table.Count} entr{(table.Count == 1 ? "y" : "ies")}, and the kernel needs at least 2";
            throw new InputException("kernel command line",
                $"the kernel panics with \"Invalid user supplied memory map\": after {InputText.Escape(edits, 200)} {why}");
        }
        log.Info("user-defined physical RAM map:");
        sanitized.Print("user", log);
        return sanitized;
    }

    /// <summary>One mem= / memmap= item, as parse_memopt and parse_memmap_one apply it.</summary>
    public E820Table Apply(E820Edit edit, KernelLog log) => edit.Kind switch
    {
        E820EditKind.MarkUserDefined => this,
        E820EditKind.Exactmap => Empty,
        E820EditKind.RemoveRamAbove => RemoveRange(edit.Start, ulong.MaxValue - edit.Start, E820Type.Ram, log),
        E820EditKind.Add => AddRange(edit.Start, edit.Size, edit.To, log),
        E820EditKind.Update => UpdateRange(edit.Start, edit.Size, edit.From, edit.To, log),
        E820EditKind.Remove => RemoveRange(edit.Start, edit.Size, edit.From == 0 ? null : edit.From, log),
        _ => throw new ArgumentOutOfRangeException(nameof(edit)),
    };
}
