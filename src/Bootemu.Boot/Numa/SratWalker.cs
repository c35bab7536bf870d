using Bootemu.Acpi.Srat;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;

namespace Bootemu.Boot.Numa;

/// <summary>A subtable handler of one walk: the subtable type it takes and the callback (returning 0 or an error).</summary>
internal readonly record struct SubtableHandler(byte Type, Func<long, int> Handle);

/// <summary>
/// acpi_parse_entries_array (drivers/acpi/tables.c in 6.1, lib/fw_table.c in 6.12): the kernel's generic walk over an
/// ACPI table's subtables, with its quirks kept on purpose:
/// <list type="bullet">
/// <item>the loop runs while the 2-byte subtable header starts more than 2 bytes before the end (<c>entry + 2 &lt; end</c>);</item>
/// <item>an entry is handed to its handler before its length is looked at;</item>
/// <item>after the first handler error of a walk, 6.1 still counts later matching entries but runs no handler; 6.12 stops;</item>
/// <item>a zero-length entry ends the walk with <c>[SRAT:0x%02x] Invalid zero length</c> (6.1 prefixes "ACPI: "),
/// naming the walk's FIRST handler.</item>
/// </list>
/// </summary>
internal static class SratWalker
{
    private const int SubtableHeaderLength = SratLayout.Subtable.HeaderSize;

    /// <summary>Walks the table; returns the number of handled entries, or -EINVAL after a handler error or a zero length.</summary>
    public static int Walk(AcpiTableBytes table, int firstSubtable, ReadOnlySpan<SubtableHandler> handlers, KernelLog log,
        Kernel.SubtableWalk walk)
    {
        long end = table.Length;
        long entry = firstSubtable;
        int errors = 0;
        int count = 0;
        while (entry + SubtableHeaderLength < end)
        {
            byte type = table.U8(entry + SratLayout.Subtable.Type);
            foreach (var handler in handlers)
            {
                if (handler.Type != type)
                    continue;
                if (errors == 0 && handler.Handle(entry) != 0)
                {
                    if (walk == Kernel.SubtableWalk.StopsAtError)
                        return NumaConstants.EInval;
                    errors++;
                    continue;
                }
                count++;
                break;
            }

            byte length = table.U8(entry + SratLayout.Subtable.Length);
            if (length == 0)
            {
                string prefix = walk == Kernel.SubtableWalk.CountsOnAfterError ? "ACPI: " : "";
                log.Err($"{prefix}[{table.Signature}:0x{Printk.Hex(handlers[0].Type, 2)}] Invalid zero length");
                return NumaConstants.EInval;
            }
            entry += length;
        }
        return errors != 0 ? NumaConstants.EInval : count;
    }
}
