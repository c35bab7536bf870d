using Bootemu.Core;
using Bootemu.Core.Printk;

namespace Bootemu.Machine.E820;

public sealed partial class E820Table
{
    private const string BiosMarker = "BIOS-e820: ";

    /// <summary>
    /// Reads the firmware map from every <c>BIOS-e820: [mem 0x...-0x...] TYPE</c> line of a text
    /// such as a saved dmesg or serial console log; all other lines are ignored. When the text holds
    /// the same boot twice, the first copy is read. The entries are kept as printed (the kernel
    /// printed them sanitised already).
    /// </summary>
    /// <exception cref="InputException">No such line, or a malformed one (with its line number).</exception>
    public static E820Table ParseBiosLines(string text, string source)
    {
        var entries = new List<E820Entry>();
        foreach (var hit in KernelLogText.Find(text, BiosMarker))
            entries.Add(ParseLine(hit.Message[BiosMarker.Length..], $"{source}:{hit.LineNumber}"));
        if (entries.Count == 0)
            throw new InputException(source, "no 'BIOS-e820: [mem 0x...-0x...] TYPE' line found (expected a saved dmesg or console log)");
        return new E820Table(entries.ToArray(), true);
    }

    private static E820Entry ParseLine(string body, string where)
    {
        if (!KernelLogText.TryMemRange(body, out ulong start, out ulong last, out string rest))
            throw new InputException(where, $"malformed e820 line '{BiosMarker}{body.Trim()}': expected '[mem 0xSTART-0xEND] TYPE'");
        if (last < start)
            throw new InputException(where, $"e820 range {Printk.AltHex(start)}-{Printk.AltHex(last)} ends before it starts");
        if (start == 0 && last == ulong.MaxValue)
            throw new InputException(where, "e820 range covers all 2^64 bytes; its size does not fit in 64 bits");
        string typeText = rest.Trim();
        if (!E820TypeNames.TryParse(typeText, out var type))
            throw new InputException(where, $"unknown e820 type '{typeText}' (expected {E820TypeNames.Accepted})");
        return new E820Entry(start, last - start + 1, type);
    }
}
