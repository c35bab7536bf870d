using Bootemu.Machine.CommandLine;

namespace Bootemu.Boot.Numa;

/// <summary>
/// numa_emulation's emu_cmdline: the text after "numa=fake=" and a cursor into it. The kernel keeps one pointer for the
/// whole boot and every reader advances it (the node count or size first, then a ':' and the distances), so an
/// emulation run by a later numa_init attempt starts where the earlier one stopped. One instance per boot.
/// </summary>
internal sealed class EmuCommandLine(string text)
{
    private int _at;

    /// <summary>strchr on what is left: whether <paramref name="c"/> occurs anywhere from the cursor on (distances included).</summary>
    public bool Contains(char c) => text.IndexOf(c, _at) >= 0;

    /// <summary>simple_strtoul(cursor, &amp;cursor, 0): a number in C's base-0 notation, 0 when there is none.</summary>
    public ulong ReadNumber()
    {
        ulong value = KernelNumber.SimpleStrtoull(text, _at, out int end);
        _at = end;
        return value;
    }

    /// <summary>memparse(cursor, &amp;cursor): a number with at most one K/M/G/T/P/E suffix.</summary>
    public ulong ReadSize()
    {
        ulong value = KernelNumber.Memparse(text, _at, out int end);
        _at = end;
        return value;
    }

    /// <summary>The ':' that separates the nodes from the distances is stepped over when the cursor stands on it.</summary>
    public void SkipColon()
    {
        if (_at < text.Length && text[_at] == ':')
            _at++;
    }

    /// <summary>
    /// get_option(&amp;cursor, &amp;value): 0 when no number stands at the cursor (a lone '-' is consumed all the same),
    /// 1 for a number with nothing after it, 2 for a number followed by a ',' (consumed), 3 for a number followed by a
    /// '-' (left in place). The number wraps to an int as the kernel's does.
    /// </summary>
    public int GetOption(out int value)
    {
        value = 0;
        if (_at >= text.Length)
            return 0;
        bool negative = text[_at] == '-';
        int cur = negative ? _at + 1 : _at;
        ulong read = KernelNumber.SimpleStrtoull(text, cur, out int end);
        value = unchecked((int)(negative ? 0UL - read : read));
        _at = end;
        if (end == cur)
            return 0;
        if (_at < text.Length && text[_at] == ',')
        {
            _at++;
            return 2;
        }
        return _at < text.Length && text[_at] == '-' ? 3 : 1;
    }
}
